import * as assert from 'node:assert/strict';
import { isoNow, isoTime, parseIsoTime } from '../../../src/core/util/clock';
import { seededIntegers } from '../support/seededRandom';

/** toISOString's string, or the name of what it threw. */
function reference(ms: number): string {
  try {
    return new Date(ms).toISOString();
  } catch (error) {
    return (error as Error).name;
  }
}

function ours(ms: number): string {
  try {
    return isoTime(ms);
  } catch (error) {
    return (error as Error).name;
  }
}

describe('ISO times', () => {
  it('isoTime writes what toISOString writes, for any time and in any order', () => {
    const base = Date.parse('2026-11-23T23:59:58.990Z');
    const times = [0, -0, -0.5, 0.5, -1, -999.9, -60_000, -60_001, 59_999, 60_000, 8.64e15, -8.64e15, 8.64e15 + 1, Number.NaN, Infinity, -Infinity];
    times.push(
      Date.parse('0000-01-01T00:00:00Z'),
      Date.parse('9999-12-31T23:59:59.999Z'),
      Date.parse('9999-12-31T23:59:59.999Z') + 1,
      Date.parse('-000001-06-01T00:00:00Z'),
    );
    const random = seededIntegers(99);
    for (let i = 0; i < 20_000; i++) {
      const step = [1, 7, 999, 1000, 59_999, 60_000, 3_600_000][random(7)];
      const fraction = random(4) === 0 ? random(1000) / 1000 : 0;
      times.push(base + (random(2) ? 1 : -1) * random(200) * step + fraction);
    }
    for (const ms of times) assert.equal(ours(ms), reference(ms), `time ${ms}`);
  });

  it('isoNow is the current time', () => {
    const before = Date.now();
    const now = Date.parse(isoNow());
    assert.ok(now >= before && now <= Date.now());
  });

  it('parseIsoTime gives what Date.parse gives, for any text and in any order', () => {
    const random = seededIntegers(17);
    const base = Date.parse('2026-11-23T23:59:58.990Z');
    const texts = [
      '',
      'garbage',
      '2026-11-23',
      '2026-11-23T00:00:00Z',
      '2026-11-23T00:00:00.000+00:00',
      '2026-11-23T00:00:00.000z',
      '2026-11-23t00:00:00.000Z',
    ];
    texts.push(
      '0000-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '+010000-01-01T00:00:00.000Z',
      '-000001-06-01T00:00:00.000Z',
      '2026-02-30T00:00:00.000Z',
      '2026-02-29T00:00:00.000Z',
      '2024-02-29T23:59:59.999Z',
    );
    // Mutations of canonical times at every position: seconds 60/99, bad digits, other separators.
    const mutations = ['0', '5', '6', '9', 'a', ' ', '.', ':', 'Z', '-', '+', 'T'];
    for (let i = 0; i < 30_000; i++) {
      const step = [1, 7, 999, 1000, 59_999, 60_000, 3_600_000, 86_400_000][random(8)];
      const canonical = new Date(base + (random(2) ? 1 : -1) * random(200) * step).toISOString();
      if (random(3)) texts.push(canonical);
      else {
        const at = random(24);
        texts.push(canonical.slice(0, at) + mutations[random(mutations.length)] + canonical.slice(at + (random(4) ? 1 : 0)));
      }
    }
    for (const text of texts)
      assert.ok(Object.is(parseIsoTime(text), Date.parse(text)), `time ${JSON.stringify(text)}: ${parseIsoTime(text)} vs ${Date.parse(text)}`);
  });
});
