import { expect, it } from 'vitest';
import { startMoto } from './moto.js';
import { describeWithTool } from './tools.js';

describeWithTool('moto_server', 'moto_server helper', () => {
  it('starts on a free port and stops', async () => {
    const moto = await startMoto();
    const response = await fetch(`${moto.endpoint}/moto-api/`);
    expect(response.status).toBeLessThan(500);
    await moto.stop();
  });
});
