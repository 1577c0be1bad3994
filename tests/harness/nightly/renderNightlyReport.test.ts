import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderNightlyReport } from '../../../src/harness/nightly/renderNightlyReport';
import { readNightlySummary } from '../../../src/harness/nightly/nightlySummary';
import { historyNights } from '../../../src/harness/nightly/writeNightlyReport';
import { finding, syntheticSummary, job } from './syntheticSummary';

const history = [syntheticSummary('2026-11-18', 0.8), syntheticSummary('2026-11-19', 0.9), syntheticSummary('2026-11-20', 1)];
const current = syntheticSummary('2026-11-21', 1.1, {
  findings: [finding({
    message: 'object 0x40 <unreachable> still live after full GC',
    reproducer: 'reports/crashes/ops-drc-seed-7.json', replay: 'npm run replay -- reports/crashes/ops-drc-seed-7.json',
  })],
});

test('the report is one self-contained HTML page: no scripts, links or external assets', () => {
  const html = renderNightlyReport(current, history);
  assert.match(html, /^<!DOCTYPE html>/);
  assert.doesNotMatch(html, /<script|<link|<img|<iframe|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
  assert.ok((html.match(/<svg /g) ?? []).length >= 8, 'bar, run and history charts are inline SVG');
});

test('it shows runs and ops per target, every job, findings with replay commands, coverage and corpora', () => {
  const html = renderNightlyReport(current, history);
  for (const id of current.jobs.map((j) => j.id)) assert.ok(html.includes(`>${id}<`), id);
  assert.ok(html.includes('1 finding'));
  assert.ok(html.includes('npm run replay -- reports/crashes/ops-drc-seed-7.json'));
  assert.ok(html.includes('&lt;unreachable&gt;'), 'messages are escaped');
  assert.ok(html.includes('src/runtime'));
  assert.ok(html.includes('reports/nightly/corpus/decoder'));
  assert.ok(html.includes('4 nights: 2026-11-18, 2026-11-19, 2026-11-20, 2026-11-21'));
});

test('history charts plot one point per night and series per target', () => {
  const html = renderNightlyReport(current, history);
  const chart = (title: string): string => {
    const from = html.slice(html.indexOf(title));
    return from.slice(0, from.indexOf('</svg>'));
  };
  assert.equal((chart('Seeded runs per job-second').match(/<circle /g) ?? []).length, 4 * 2, 'ops and wasm over four nights');
  assert.equal((chart('jsfuzz execs per job-second').match(/<circle /g) ?? []).length, 4, 'jsfuzz decoder over four nights');
  assert.equal((chart('c8 coverage across nightlies').match(/<circle /g) ?? []).length, 4 * 4, 'all lines, all branches, src/runtime and src/wasm over four nights');
});

test('rendering is deterministic and survives a JSON round trip of the summary', () => {
  const again = readNightlySummary(JSON.parse(JSON.stringify(current)) as unknown, 'summary.json');
  assert.equal(renderNightlyReport(again, history), renderNightlyReport(current, history));
});

test('a first night with no history, no coverage and a failed job still renders every section', () => {
  const lone = syntheticSummary('2026-11-21', 1, { coverage: null, corpora: [], jobs: [job('ops/null', { error: 'exited with signal SIGKILL', samples: [] })] });
  const html = renderNightlyReport(lone, []);
  assert.ok(html.includes('No coverage summary for this run.'));
  assert.ok(html.includes('did not run normally: ops/null'));
  assert.ok(html.includes('no data yet'));
  assert.ok(html.includes('No findings'));
});

test('readNightlySummary rejects a malformed summary naming the field', () => {
  const bad = JSON.parse(JSON.stringify(current)) as { jobs: { runs: unknown }[] };
  const firstJob = bad.jobs[0];
  assert.ok(firstJob);
  firstJob.runs = 'many';
  assert.throws(() => readNightlySummary(bad, 'x.json'), /x\.json: jobs\[0\]\.runs must be a number/);
  assert.throws(() => readNightlySummary({ version: 2 }, 'y.json'), /unsupported summary version 2/);
});

test('history plots whole nights only, one per date, never the current date', () => {
  const shard = syntheticSummary('2026-11-19', 0.5, { shards: ['1/2'] });
  const merged = syntheticSummary('2026-11-17', 1, { shards: ['2/2', '1/2'] });
  const rerun = syntheticSummary('2026-11-20', 2, { finishedAt: '2026-11-20T23:59:59.000Z' });
  const sameDay = syntheticSummary('2026-11-21', 3);
  const nights = historyNights([merged, ...history, shard, rerun, sameDay], current);
  assert.deepEqual(nights.map((s) => s.date), ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20']);
  assert.equal(nights.find((s) => s.date === '2026-11-19'), history[1], 'the lone shard is left out');
  assert.equal(nights.find((s) => s.date === '2026-11-20'), rerun, 'the later run of a date wins');
});
