import { escapeHtml } from './escapeHtml';

/** One named line of a chart; points need not be sorted. */
export interface ChartSeries {
  readonly name: string;
  readonly points: readonly (readonly [x: number, y: number])[];
}

export interface LineChartSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly ChartSeries[];
  /** Tick label of an x value (default: the number, shortened). */
  readonly formatX?: (x: number) => string;
  readonly formatY?: (y: number) => string;
  /** Only whole-number x ticks (e.g. day numbers). */
  readonly integerX?: boolean;
  /** Force the y axis to start at zero (default true). */
  readonly yFromZero?: boolean;
  /** Fixed y maximum, e.g. 100 for percentages. */
  readonly yMax?: number;
  readonly width?: number;
  readonly height?: number;
}

/** A colour-blind-friendly palette (Okabe-Ito), cycled by series index. */
export const SERIES_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

/** "Nice" tick values covering [min, max]: steps of 1, 2 or 5 times a power of ten. */
export function niceTicks(min: number, max: number, approxCount: number, minStep = 0): number[] {
  if (!(max > min)) return [min];
  const raw = Math.max(minStep, (max - min) / Math.max(1, approxCount));
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Short number: 1234567 -> "1.23M", 0.5 -> "0.5". */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toPrecision(3)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(3)}k`;
  return `${+v.toPrecision(4)}`;
}

/**
 * A self-contained SVG line chart (axes, ticks, one polyline with point markers per series, a
 * legend), deterministic for the same spec. Series without points are listed in the legend as
 * "(no data)"; a chart with no points at all says so instead of drawing axes.
 */
export function renderLineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 560;
  const height = spec.height ?? 300;
  const fx = spec.formatX ?? shortNumber;
  const fy = spec.formatY ?? shortNumber;
  // Three legend entries per row, or two when a name would run into its neighbour (~6.5 px a character).
  const longest = Math.max(0, ...spec.series.map((x) => x.name.length + (x.points.length === 0 ? 10 : 0)));
  const legendCols = longest > 20 ? 2 : 3;
  const legendRows = Math.ceil(spec.series.length / legendCols);
  const m = { left: 64, right: 16, top: 30, bottom: 46 + legendRows * 16 };
  const pw = width - m.left - m.right;
  const ph = height - m.top - m.bottom;
  const all = spec.series.flatMap((s) => s.points);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(spec.title)}">`);
  out.push(`<text x="${width / 2}" y="18" text-anchor="middle" class="chart-title">${escapeHtml(spec.title)}</text>`);
  if (all.length === 0) {
    out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" class="plot-empty"/>`);
    out.push(`<text x="${m.left + pw / 2}" y="${m.top + ph / 2}" text-anchor="middle" class="no-data">no data yet</text>`);
    out.push('</svg>');
    return out.join('');
  }
  let xMin = Math.min(...all.map((p) => p[0]));
  let xMax = Math.max(...all.map((p) => p[0]));
  if (xMin === xMax) { xMin -= 1; xMax += 1; }
  let yMin = spec.yFromZero === false ? Math.min(...all.map((p) => p[1])) : Math.min(0, ...all.map((p) => p[1]));
  let yMax = spec.yMax ?? Math.max(...all.map((p) => p[1]));
  if (yMin === yMax) { yMax = yMin === 0 ? 1 : yMax + Math.abs(yMax) * 0.1; yMin = spec.yFromZero === false ? yMin - Math.abs(yMin) * 0.1 : yMin; }
  const yTicks = niceTicks(yMin, yMax, 5);
  yMax = Math.max(yMax, yTicks[yTicks.length - 1] ?? yMax);
  const sx = (x: number): number => m.left + ((x - xMin) / (xMax - xMin)) * pw;
  const sy = (y: number): number => m.top + ph - ((y - yMin) / (yMax - yMin)) * ph;
  const r = (v: number): string => v.toFixed(1);
  out.push(`<rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}" class="plot"/>`);
  for (const t of yTicks) {
    out.push(`<line x1="${m.left}" x2="${m.left + pw}" y1="${r(sy(t))}" y2="${r(sy(t))}" class="grid"/>`);
    out.push(`<text x="${m.left - 6}" y="${r(sy(t) + 4)}" text-anchor="end" class="tick">${escapeHtml(fy(t))}</text>`);
  }
  const xTicks = niceTicks(xMin, xMax, 6, spec.integerX ? 1 : 0);
  for (const t of xTicks) {
    out.push(`<line x1="${r(sx(t))}" x2="${r(sx(t))}" y1="${m.top + ph}" y2="${m.top + ph + 4}" class="axis"/>`);
    out.push(`<text x="${r(sx(t))}" y="${m.top + ph + 16}" text-anchor="middle" class="tick">${escapeHtml(fx(t))}</text>`);
  }
  out.push(`<text x="${m.left + pw / 2}" y="${m.top + ph + 32}" text-anchor="middle" class="axis-label">${escapeHtml(spec.xLabel)}</text>`);
  out.push(`<text x="14" y="${m.top + ph / 2}" text-anchor="middle" transform="rotate(-90 14 ${m.top + ph / 2})" class="axis-label">${escapeHtml(spec.yLabel)}</text>`);
  spec.series.forEach((s, i) => {
    const colour = SERIES_COLOURS[i % SERIES_COLOURS.length];
    const pts = [...s.points].sort((a, b) => a[0] - b[0]);
    if (pts.length > 1) {
      out.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${pts.map((p) => `${r(sx(p[0]))},${r(sy(p[1]))}`).join(' ')}"/>`);
    }
    if (pts.length <= 40) {
      for (const p of pts) out.push(`<circle cx="${r(sx(p[0]))}" cy="${r(sy(p[1]))}" r="3" fill="${colour}"><title>${escapeHtml(`${s.name}: ${fx(p[0])}, ${fy(p[1])}`)}</title></circle>`);
    }
    const lx = m.left + (i % legendCols) * (pw / legendCols);
    const ly = height - legendRows * 16 + Math.floor(i / legendCols) * 16 - 2;
    out.push(`<rect x="${r(lx)}" y="${ly - 9}" width="12" height="10" fill="${colour}"/>`);
    out.push(`<text x="${r(lx + 16)}" y="${ly}" class="legend">${escapeHtml(pts.length === 0 ? `${s.name} (no data)` : s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}
