// The stored reading of the tunnel captures (test/fixtures/encapsulations/tshark-reading.json, which
// encapsulations.test.ts compares the decoder with) is tshark's own: asked again here, it says the same.
// A slow test (a tshark process per capture and question): the reference project runs it.
import { describe, expect, it } from 'vitest';
import { tsharkAvailable } from '../../test/helpers/tshark.ts';
import { readWithTshark, storedReading, tunnelCaptures } from '../../test/helpers/tunnel-reference.ts';

describe.runIf(tsharkAvailable())('the stored tshark reading of the tunnel captures', () => {
  it.each(tunnelCaptures())('%s: tshark reads it as stored', (name) => {
    expect(storedReading()[name]).toEqual(readWithTshark(name));
  });
});
