import { describe, expect, it } from 'vitest';
import { motoAvailable, MOTO_MISSING, startMoto } from './moto.js';

describe.skipIf(!motoAvailable())('moto_server helper', () => {
  it('starts on a free port and stops', async () => {
    const moto = await startMoto();
    const response = await fetch(`${moto.endpoint}/moto-api/`);
    expect(response.status).toBeLessThan(500);
    await moto.stop();
  });
});

it.runIf(!motoAvailable())(`skipped: ${MOTO_MISSING}`, () => {
  // Makes the skip visible in the report instead of passing silently.
});
