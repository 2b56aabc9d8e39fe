import { describe, expect, it } from 'vitest';
import { createSimulator, parseDuration, SimulatorUsageError } from '../../src/index.js';
import { isoOf } from '../../src/engine/clock.js';

describe('the simulated clock', () => {
  it('reads durations as milliseconds or text', () => {
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration('1d 12h')).toBe(129_600_000);
    expect(parseDuration('1.5m')).toBe(90_000);
    expect(parseDuration('250ms')).toBe(250);
    expect(() => parseDuration('soon')).toThrow(SimulatorUsageError);
    expect(() => parseDuration(-1)).toThrow(/finite number of milliseconds/);
  });

  it('starts at the fixed default, moves only when told, and never backwards', async () => {
    const sim = createSimulator();
    expect(sim.clock.now()).toBe(Date.parse('2025-01-01T00:00:00Z'));
    await sim.clock.advance('3d');
    expect(sim.clock.now()).toBe(Date.parse('2025-01-04T00:00:00Z'));
    await sim.clock.set('2025-02-01T10:00:00Z');
    expect(sim.clock.now()).toBe(Date.parse('2025-02-01T10:00:00Z'));
    await expect(sim.clock.set(new Date('2025-01-01T00:00:00Z'))).rejects.toThrow(
      'onerway-sim: the simulated clock only moves forward (now 2025-02-01T10:00:00.000Z, asked for 2025-01-01T00:00:00.000Z). Create a new simulator (or sim.reset()) to start again from an earlier time.',
    );
  });

  it('stamps objects with the simulated time', async () => {
    const sim = createSimulator({ now: '2030-06-15T12:00:00Z' });
    const res = await sim.fetch('https://api.onerway.com/v1/customers', {
      method: 'POST',
      headers: { Authorization: `Bearer ${sim.secretKey}` },
    });
    expect((await res.json()).created).toBe(Date.parse('2030-06-15T12:00:00Z') / 1000);
  });

  it('formats epoch ms as ISO without Date, across leap years', () => {
    for (const iso of ['1970-01-01T00:00:00.000Z', '2024-02-29T23:59:59.999Z', '2000-03-01T12:34:56.789Z', '2100-12-31T00:00:00.000Z']) {
      expect(isoOf(Date.parse(iso))).toBe(iso);
    }
  });
});
