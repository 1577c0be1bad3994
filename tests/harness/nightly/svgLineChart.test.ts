import { test } from 'node:test';
import assert from 'node:assert/strict';
import { niceTicks, renderLineChart, shortNumber } from '../../../src/harness/nightly/svgLineChart';
import { rateSeries, dayLabel, dayNumber } from '../../../src/harness/nightly/nightlyMetrics';

test('niceTicks covers the range in 1/2/5 steps', () => {
  assert.deepEqual(niceTicks(0, 100, 5), [0, 20, 40, 60, 80, 100]);
  assert.deepEqual(niceTicks(0, 7, 5), [0, 2, 4, 6]);
  assert.deepEqual(niceTicks(3, 3, 5), [3]);
});

test('shortNumber abbreviates large numbers', () => {
  assert.equal(shortNumber(1_234_567), '1.23M');
  assert.equal(shortNumber(12_345), '12.3k');
  assert.equal(shortNumber(0.5), '0.5');
});

test('a chart draws one polyline per series with two or more points, and says when there is no data', () => {
  const svg = renderLineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [{ name: 'a', points: [[0, 1], [1, 2], [2, 4]] }, { name: 'b', points: [[1, 3]] }, { name: 'c', points: [] }] });
  assert.equal((svg.match(/<polyline /g) ?? []).length, 1);
  assert.equal((svg.match(/<circle /g) ?? []).length, 4);
  assert.ok(svg.includes('c (no data)'));
  assert.ok(renderLineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] }).includes('no data yet'));
});

test('rateSeries turns cumulative samples into per-interval rates', () => {
  const rates = rateSeries([{ t: 0, runs: 0, ops: null, coverage: null }, { t: 10, runs: 100, ops: null, coverage: null }, { t: 20, runs: 150, ops: null, coverage: null }], 'runs');
  assert.deepEqual(rates, [[10, 10], [20, 5]]);
  const s = (t: number, runs: number) => ({ t, runs, ops: null, coverage: null });
  assert.deepEqual(rateSeries([s(0, 0), s(0.2, 50), s(0.5, 60), s(1, 100), s(1.5, 120), s(3, 400)], 'runs'), [[1, 100], [3, 150]], 'bursts of lines within a second merge into one window');
});

test('integer x ticks never fall between days', () => {
  assert.deepEqual(niceTicks(20000, 20001, 6, 1), [20000, 20001]);
  const svg = renderLineChart({ title: 't', xLabel: 'x', yLabel: 'y', integerX: true, formatX: (x) => `d${x}`, series: [{ name: 'a', points: [[5, 1]] }] });
  assert.deepEqual([...svg.matchAll(/>d([\d.]+)</g)].map((m) => m[1]), ['4', '5', '6']);
});

test('dayNumber and dayLabel round-trip dates', () => {
  assert.equal(dayLabel(dayNumber('2026-11-21')), '2026-11-21');
  assert.ok(Number.isNaN(dayNumber('latest')));
});
