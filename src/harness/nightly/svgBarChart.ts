import { escapeHtml } from './escapeHtml';
import { SERIES_COLOURS, shortNumber } from './svgLineChart';

export interface Bar {
  readonly label: string;
  readonly value: number;
}

export interface BarChartSpec {
  readonly title: string;
  readonly bars: readonly Bar[];
  /** Appended to each value label, e.g. " runs". */
  readonly unit?: string;
  readonly width?: number;
  /** Colour index into the shared palette. */
  readonly colour?: number;
}

/** A self-contained horizontal SVG bar chart, one labelled bar per entry, scaled to the largest value. */
export function renderBarChart(spec: BarChartSpec): string {
  const width = spec.width ?? 560;
  const rowH = 22;
  const labelW = 150;
  const valueW = 90;
  const top = 28;
  const height = top + Math.max(1, spec.bars.length) * rowH + 8;
  const max = Math.max(0, ...spec.bars.map((b) => b.value));
  const colour = SERIES_COLOURS[(spec.colour ?? 0) % SERIES_COLOURS.length];
  const barMax = width - labelW - valueW - 8;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(spec.title)}">`);
  out.push(`<text x="${width / 2}" y="18" text-anchor="middle" class="chart-title">${escapeHtml(spec.title)}</text>`);
  if (spec.bars.length === 0) {
    out.push(`<text x="${width / 2}" y="${top + 14}" text-anchor="middle" class="no-data">no data</text>`);
  }
  spec.bars.forEach((b, i) => {
    const y = top + i * rowH;
    const w = max > 0 ? (Math.max(0, b.value) / max) * barMax : 0;
    out.push(`<text x="${labelW - 6}" y="${y + 15}" text-anchor="end" class="tick">${escapeHtml(b.label)}</text>`);
    out.push(`<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${colour}"><title>${escapeHtml(`${b.label}: ${b.value}`)}</title></rect>`);
    out.push(`<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}" class="tick">${escapeHtml(shortNumber(b.value) + (spec.unit ?? ''))}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}
