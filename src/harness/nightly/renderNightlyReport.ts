import { escapeHtml } from './escapeHtml';
import { observationOf } from './findingSignature';
import { triageFindings, type FindingGroup } from './groupFindings';
import type { JobSummary, MutationScore, NightlySummary } from './nightlySummary';
import { dayLabel, dayNumber, nightsByDate, rateSeries, targetTotals, throughputKey } from './nightlyMetrics';
import { renderBarChart } from './svgBarChart';
import { renderLineChart, shortNumber, type ChartSeries } from './svgLineChart';

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1b1f24;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.meta{color:#57606a;margin-bottom:12px}.banner{padding:8px 12px;border-radius:6px;font-weight:600;margin:8px 0}
.ok{background:#dafbe1;color:#116329}.bad{background:#ffebe9;color:#a40e26}.warn{background:#fff8c5;color:#6c4b00}
table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid #d0d7de;padding:3px 8px;text-align:right;vertical-align:top}
th{background:#f6f8fa}td.l,th.l{text-align:left}code{font:12px ui-monospace,monospace;background:#f6f8fa;padding:1px 4px;border-radius:4px;white-space:pre-wrap;word-break:break-all}
.charts{display:flex;flex-wrap:wrap;gap:12px}.chart{border:1px solid #d0d7de;border-radius:6px;background:#fff}
.chart-title{font-size:13px;font-weight:600}.tick{font-size:11px;fill:#57606a}.axis-label{font-size:11px;fill:#1b1f24}
.legend{font-size:11px}.grid{stroke:#eaeef2}.axis{stroke:#57606a}.plot{fill:none;stroke:#d0d7de}.plot-empty{fill:#f6f8fa;stroke:#d0d7de}
.no-data{font-size:13px;fill:#8c959f}.err{color:#a40e26}
.bug{border:1px solid #d0d7de;border-left:4px solid #cf222e;border-radius:6px;padding:6px 10px;margin:8px 0;max-width:1300px}
.bug.open{border-left-color:#bf8700}.bug .head{font-weight:600}.bug .obs{margin:2px 0;color:#1b1f24}.bug .where{color:#57606a;font-size:12px}
pre.listing{font:12px/1.35 ui-monospace,monospace;background:#f6f8fa;padding:6px 8px;border-radius:4px;max-height:420px;overflow:auto;margin:4px 0}
.na{color:#57606a;font-style:italic}
`;

function fmt(v: number | null, digits = 0): string {
  if (v === null) return '–';
  return v.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function td(text: string, left = false): string {
  return left ? `<td class="l">${text}</td>` : `<td>${text}</td>`;
}

function jobRate(job: JobSummary, field: 'runs' | 'ops'): number | null {
  const v = field === 'runs' ? job.runs : job.ops;
  return v === null || job.seconds <= 0 ? null : v / job.seconds;
}

function seededThroughputCharts(summary: NightlySummary): string[] {
  const charts: string[] = [];
  const targets = [...new Set(summary.jobs.filter((j) => j.kind === 'seeded').map((j) => j.target))];
  for (const target of targets) {
    const jobs = summary.jobs.filter((j) => j.kind === 'seeded' && j.target === target);
    const withOps = jobs.some((j) => j.samples.some((s) => s.ops !== null));
    const field = withOps ? 'ops' : 'runs';
    charts.push(renderLineChart({
      title: `${target}: ${field}/s during this run`,
      xLabel: 'seconds since job start',
      yLabel: `${field}/s`,
      series: jobs.map((j): ChartSeries => ({ name: j.id, points: rateSeries(j.samples, field) })),
    }));
  }
  const cov = summary.jobs.filter((j) => j.kind === 'coverage-guided');
  if (cov.length > 0) {
    charts.push(renderLineChart({
      title: 'jsfuzz: execs/s during this run',
      xLabel: 'seconds since job start',
      yLabel: 'execs/s',
      series: cov.map((j) => ({ name: j.id, points: rateSeries(j.samples, 'runs') })),
    }));
    charts.push(renderLineChart({
      title: 'jsfuzz: coverage counter during this run',
      xLabel: 'seconds since job start',
      yLabel: 'statements+functions+branches hit',
      yFromZero: false,
      series: cov.map((j) => ({
        name: j.id,
        points: j.samples.flatMap((s): [number, number][] => (s.coverage === null ? [] : [[s.t, s.coverage]])),
      })),
    }));
  }
  return charts;
}

function historyCharts(nights: readonly NightlySummary[]): string[] {
  const keys = [...new Set(nights.flatMap((n) => n.jobs.map(throughputKey)))];
  const perNight = nights.map((n) => ({ day: dayNumber(n.date), totals: targetTotals(n) }));
  const runs: ChartSeries[] = keys.map((key) => ({
    name: key,
    points: perNight.flatMap(({ day, totals }): [number, number][] => {
      const t = totals.find((x) => x.key === key);
      return t ? [[day, t.runsPerSecond]] : [];
    }),
  }));
  const ops: ChartSeries[] = keys.map((key) => ({
    name: key,
    points: perNight.flatMap(({ day, totals }): [number, number][] => {
      const t = totals.find((x) => x.key === key);
      return t && t.opsPerSecond !== null ? [[day, t.opsPerSecond]] : [];
    }),
  })).filter((s) => s.points.length > 0);
  const dirs = [...new Set(nights.flatMap((n) => Object.keys(n.coverage?.directories ?? {})))].sort();
  const coverage: ChartSeries[] = [
    { name: 'all lines', points: nights.flatMap((n): [number, number][] => (n.coverage ? [[dayNumber(n.date), n.coverage.lines]] : [])) },
    { name: 'all branches', points: nights.flatMap((n): [number, number][] => (n.coverage ? [[dayNumber(n.date), n.coverage.branches]] : [])) },
    ...dirs.map((d) => ({
      name: `${d} lines`,
      points: nights.flatMap((n): [number, number][] => {
        const c = n.coverage?.directories[d];
        return c ? [[dayNumber(n.date), c.lines]] : [];
      }),
    })),
  ];
  const jsfuzzCov: ChartSeries[] = keys.filter((k) => k.startsWith('jsfuzz ')).map((key) => ({
    name: key,
    points: nights.flatMap((n): [number, number][] => {
      const jobs = n.jobs.filter((j) => throughputKey(j) === key && j.coverage !== null);
      return jobs.length ? [[dayNumber(n.date), Math.max(...jobs.map((j) => j.coverage ?? 0))]] : [];
    }),
  }));
  const fx = (x: number): string => dayLabel(x).slice(5);
  return [
    renderLineChart({ title: 'Seeded runs per job-second across nightlies', xLabel: 'date', yLabel: 'runs/s', series: runs.filter((s) => !s.name.startsWith('jsfuzz ')), formatX: fx, integerX: true }),
    renderLineChart({ title: 'jsfuzz execs per job-second across nightlies', xLabel: 'date', yLabel: 'execs/s', series: runs.filter((s) => s.name.startsWith('jsfuzz ')), formatX: fx, integerX: true }),
    renderLineChart({ title: 'Ops throughput across nightlies (ops per job-second)', xLabel: 'date', yLabel: 'ops/s', series: ops, formatX: fx, integerX: true }),
    renderLineChart({ title: 'c8 coverage across nightlies', xLabel: 'date', yLabel: '% covered', series: coverage, formatX: fx, integerX: true, yMax: 100, formatY: (y) => `${y}%` }),
    renderLineChart({ title: 'jsfuzz coverage counter across nightlies', xLabel: 'date', yLabel: 'final counter', series: jsfuzzCov, formatX: fx, integerX: true, yFromZero: false }),
  ];
}

function renderGroup(g: FindingGroup, open: boolean): string {
  const f = g.smallest;
  const listing = f.listing
    ? `<details${open ? ' open' : ''}><summary>${f.listing.format === 'wat' ? 'WAT of the smallest reproducer' : 'op list of the smallest reproducer'} (${f.listing.text.split('\n').length} lines)</summary><pre class="listing">${escapeHtml(f.listing.text)}</pre></details>`
    : '<div class="na">no case listing in the reproducer</div>';
  return [
    `<div class="bug${open ? '' : ' open'}">`,
    `<div class="head">[${escapeHtml(f.oracle)}] ${escapeHtml(f.collector ?? '–')} · ${escapeHtml(f.kind)} · seen ${g.count}× in ${g.shards.length} shard${g.shards.length === 1 ? '' : 's'}</div>`,
    `<div class="obs">${escapeHtml(observationOf(f.message))}</div>`,
    `<div class="where">shards ${escapeHtml(g.shards.join(' '))} · jobs ${escapeHtml(g.jobs.join(' '))} · smallest reproducer: ${f.size === null ? 'size unknown' : `size ${fmt(f.size)}`}, shard ${escapeHtml(f.shard)}</div>`,
    `<div>replay: <code>${escapeHtml(f.replay)}</code></div>`,
    listing,
    '</div>',
  ].join('\n');
}

function mutationSection(summary: NightlySummary): string {
  if (summary.mutation === null) return '<p class="na">Not measured: no mutation run is part of the nightly yet. This table fills in when the summary carries mutation scores.</p>';
  if (summary.mutation.length === 0) return '<p class="na">The mutation run reported no files.</p>';
  const pct = (v: number | null | undefined): string => (v === null || v === undefined ? '–' : `${fmt(v, 1)}%`);
  const opt = (v: number | undefined): string => (v === undefined ? '–' : fmt(v));
  const counts = (m: MutationScore): { detected: number; total: number; equivalent: number } => {
    const detected = m.killed + (m.timeout ?? 0);
    return { detected, total: detected + m.survived + (m.noCoverage ?? 0), equivalent: (m.survivors ?? []).filter((s) => s.equivalent !== null).length };
  };
  const row = (file: string, m: MutationScore, c: { detected: number; total: number; equivalent: number }, score: number | null, withoutEquivalent: number | null | undefined): string =>
    `<tr>${td(file, true)}${td(fmt(c.total))}${td(fmt(m.killed))}${td(opt(m.timeout))}${td(fmt(m.survived))}${td(opt(m.noCoverage))}${td(fmt(c.equivalent))}${td(pct(score))}${td(pct(withoutEquivalent))}${td(m.seconds === undefined ? '–' : fmt(m.seconds / 60, 1))}${td(escapeHtml(m.date ?? '–'))}</tr>`;
  const rows = summary.mutation.map((m) => {
    const c = counts(m);
    const score = m.score !== undefined ? m.score : c.total === 0 ? null : (100 * c.detected) / c.total;
    return row(`<code>${escapeHtml(m.file)}</code>`, m, c, score, m.scoreWithoutEquivalent);
  });
  // All files measured so far, each at its latest measurement (they may be from different nights).
  const sum = (f: (m: MutationScore) => number | undefined): number => summary.mutation!.reduce((a, m) => a + (f(m) ?? 0), 0);
  const all = summary.mutation.map(counts).reduce((a, c) => ({ detected: a.detected + c.detected, total: a.total + c.total, equivalent: a.equivalent + c.equivalent }), { detected: 0, total: 0, equivalent: 0 });
  const overall: MutationScore = { file: 'all', killed: sum((m) => m.killed), survived: sum((m) => m.survived), timeout: sum((m) => m.timeout), noCoverage: sum((m) => m.noCoverage), ...(summary.mutation.every((m) => m.seconds !== undefined) ? { seconds: sum((m) => m.seconds) } : {}) };
  const share = (d: number, t: number): number | null => (t === 0 ? null : (100 * d) / t);
  rows.push(row(`<b>all measured files (${summary.mutation.length})</b>`, overall, all, share(all.detected, all.total), share(all.detected, all.total - all.equivalent)));
  const survivors = summary.mutation.flatMap((m) =>
    (m.survivors ?? []).map((s) => `<li><code>${escapeHtml(m.file)}:${s.line}</code> ${escapeHtml(s.mutator)}: <code>${escapeHtml(s.original)}</code> → <code>${escapeHtml(s.replacement)}</code>${s.equivalent === null ? '' : ` <span class="na">(equivalent: ${escapeHtml(s.equivalent)})</span>`}</li>`),
  );
  return [
    '<p>Each file\'s latest <code>npm run mutation</code> measurement: mutants of the file judged by fixed-seed fuzz runs alone (no unit test).</p>',
    `<table><tr><th class="l">file</th><th>mutants</th><th>killed</th><th>timeout</th><th>survived</th><th>no coverage</th><th>equivalent</th><th>score</th><th>without equivalents</th><th>minutes</th><th>measured</th></tr>${rows.join('')}</table>`,
    survivors.length === 0 ? '' : `<details><summary>surviving mutants (${survivors.length})</summary><ul>${survivors.join('')}</ul></details>`,
  ].join('\n');
}

/**
 * The self-contained HTML page of a nightly summary (inline CSS and SVG, no scripts, no external
 * assets), in the order a team lead reads it: verdict; findings new since the last earlier night
 * (grouped by signature: each bug once, with its count, replay command and the WAT or op list of
 * its smallest reproducer); findings still open; throughput and coverage across `history`
 * (earlier summaries, e.g. every summary.json under reports/nightly/); mutation score per file
 * ("not measured" until a run supplies it); then runs per target, charts of this run, every
 * finding, jobs, c8 coverage and corpora. Deterministic for the same inputs.
 */
export function renderNightlyReport(summary: NightlySummary, history: readonly NightlySummary[]): string {
  const totals = targetTotals(summary);
  const nights = nightsByDate(summary, history);
  const failedJobs = summary.jobs.filter((j) => j.error !== null);
  const h: string[] = [];
  h.push(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>gcfuzz nightly ${escapeHtml(summary.date)}</title><style>${STYLE}</style></head><body>`);
  h.push(`<h1>gcfuzz nightly — ${escapeHtml(summary.date)}</h1>`);
  h.push(`<div class="meta">commit ${escapeHtml(summary.commit ?? 'unknown')} · node ${escapeHtml(summary.node)} · shards ${escapeHtml(summary.shards.join(', '))} · budget ${fmt(summary.timeBudgetSeconds)} s · workers ${summary.workers} · ${escapeHtml(summary.startedAt)} → ${escapeHtml(summary.finishedAt)}</div>`);
  const triage = triageFindings(summary, history);
  const bugs = triage.fresh.length + triage.open.length;
  h.push(summary.findings.length > 0
    ? `<div class="banner bad">${summary.findings.length} finding${summary.findings.length === 1 ? '' : 's'}: ${bugs} distinct bug${bugs === 1 ? '' : 's'}, ${triage.fresh.length} new ${triage.lastNight === null ? '(no earlier night)' : `since ${escapeHtml(triage.lastNight)}`}</div>`
    : `<div class="banner ok">No findings in ${fmt(summary.jobs.reduce((a, j) => a + j.runs, 0))} runs</div>`);
  if (failedJobs.length > 0) h.push(`<div class="banner warn">${failedJobs.length} job${failedJobs.length === 1 ? '' : 's'} did not run normally: ${escapeHtml(failedJobs.map((j) => j.id).join(', '))}</div>`);

  const since = triage.lastNight === null ? '(no earlier night to compare with)' : `since ${escapeHtml(triage.lastNight)}`;
  h.push(`<h2>New findings ${since}</h2>`);
  h.push(triage.fresh.length === 0 ? '<p>None.</p>' : triage.fresh.map((g) => renderGroup(g, true)).join('\n'));
  h.push(`<h2>Still open (also seen ${triage.lastNight === null ? 'on an earlier night' : `on ${escapeHtml(triage.lastNight)}`})</h2>`);
  h.push(triage.open.length === 0 ? '<p>None.</p>' : triage.open.map((g) => renderGroup(g, false)).join('\n'));
  if (triage.gone.length > 0) {
    h.push(`<h2>Not seen tonight (open on ${escapeHtml(triage.lastNight ?? '')})</h2><ul>`);
    for (const g of triage.gone) h.push(`<li><code>${escapeHtml(g.signature)}</code> (${g.count}× then)</li>`);
    h.push('</ul>');
  }

  h.push(`<h2>Throughput and coverage across nightlies (${nights.length} night${nights.length === 1 ? '' : 's'}: ${escapeHtml(nights.map((n) => n.date).join(', '))})</h2><div class="charts">`);
  h.push(...historyCharts(nights));
  h.push('</div>');

  h.push('<h2>Mutation score per file</h2>');
  h.push(mutationSection(summary));

  h.push('<h2>Runs and ops per target</h2><table><tr><th class="l">target</th><th>jobs</th><th>runs</th><th>ops</th><th>job-seconds</th><th>runs/s</th><th>ops/s</th><th>findings</th></tr>');
  for (const t of totals) {
    h.push(`<tr>${td(escapeHtml(t.key), true)}${td(fmt(t.jobs))}${td(fmt(t.runs))}${td(fmt(t.ops))}${td(fmt(t.seconds, 1))}${td(fmt(t.runsPerSecond, 1))}${td(fmt(t.opsPerSecond, 0))}${td(fmt(t.findings))}</tr>`);
  }
  h.push('</table><div class="charts">');
  h.push(renderBarChart({ title: 'Runs per target', bars: totals.map((t) => ({ label: t.key, value: t.runs })), unit: ' runs' }));
  h.push(renderBarChart({ title: 'Ops per target', bars: totals.filter((t) => t.ops !== null).map((t) => ({ label: t.key, value: t.ops ?? 0 })), unit: ' ops', colour: 1 }));
  h.push('</div>');

  h.push('<h2>Throughput and coverage during this run</h2><div class="charts">');
  h.push(...seededThroughputCharts(summary));
  h.push('</div>');

  h.push('<h2>Every finding</h2>');
  if (summary.findings.length === 0) h.push('<p>None.</p>');
  else {
    h.push('<table><tr><th class="l">job</th><th class="l">shard</th><th class="l">oracle</th><th class="l">kind</th><th>size</th><th class="l">message</th><th class="l">replay</th></tr>');
    for (const f of summary.findings) {
      h.push(`<tr>${td(escapeHtml(f.job), true)}${td(escapeHtml(f.shard), true)}${td(escapeHtml(f.oracle), true)}${td(escapeHtml(f.kind), true)}${td(fmt(f.size))}${td(escapeHtml(f.message), true)}${td(`<code>${escapeHtml(f.replay)}</code>`, true)}</tr>`);
    }
    h.push('</table>');
  }

  h.push('<h2>Jobs</h2><table><tr><th class="l">job</th><th class="l">kind</th><th class="l">shards</th><th>seed</th><th>seconds</th><th>runs</th><th>ops</th><th>runs/s</th><th>ops/s</th><th>jsfuzz cov</th><th>findings</th><th class="l">status</th></tr>');
  for (const j of summary.jobs) {
    h.push(`<tr>${td(escapeHtml(j.id), true)}${td(escapeHtml(j.kind), true)}${td(escapeHtml(j.shards.join(' ')), true)}${td(j.seed === null ? '–' : String(j.seed))}${td(fmt(j.seconds, 1))}${td(fmt(j.runs))}${td(fmt(j.ops))}${td(fmt(jobRate(j, 'runs'), 1))}${td(fmt(jobRate(j, 'ops'), 0))}${td(fmt(j.coverage))}${td(fmt(j.findings))}${td(j.error === null ? 'ok' : `<span class="err">${escapeHtml(j.error)}</span>`, true)}</tr>`);
  }
  h.push('</table>');

  h.push('<h2>Coverage (c8)</h2>');
  if (summary.coverage === null) h.push('<p>No coverage summary for this run.</p>');
  else {
    const c = summary.coverage;
    h.push(`<p>From <code>${escapeHtml(c.source)}</code>.</p><table><tr><th class="l">area</th><th>lines %</th><th>statements %</th><th>functions %</th><th>branches %</th></tr>`);
    const rows: [string, typeof c][] = [['all', c], ...Object.entries(c.directories).sort(([a], [b]) => (a < b ? -1 : 1)).map(([d, p]): [string, typeof c] => [d, { ...c, ...p }])];
    for (const [name, p] of rows) h.push(`<tr>${td(escapeHtml(name), true)}${td(fmt(p.lines, 2))}${td(fmt(p.statements, 2))}${td(fmt(p.functions, 2))}${td(fmt(p.branches, 2))}</tr>`);
    h.push('</table>');
  }

  h.push('<h2>Corpora</h2>');
  if (summary.corpora.length === 0) h.push('<p>No corpus grown in this run.</p>');
  else {
    h.push('<table><tr><th class="l">target</th><th class="l">directory</th><th>files</th><th>bytes</th><th>added</th></tr>');
    for (const c of summary.corpora) h.push(`<tr>${td(escapeHtml(c.target), true)}${td(`<code>${escapeHtml(c.dir)}</code>`, true)}${td(fmt(c.files))}${td(shortNumber(c.bytes))}${td(fmt(c.added))}</tr>`);
    h.push('</table>');
  }
  h.push('</body></html>\n');
  return h.join('\n');
}
