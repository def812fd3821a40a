/** Puts a test server on a free port of 127.0.0.1 (tests touch no other address). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ListeningServer {
  /** `http://127.0.0.1:PORT`. */
  endpoint: string;
  /** Drops every open connection (keep-alive sockets of the SDK too) and stops listening. */
  close(): Promise<void>;
}

export async function listenLocal(server: Server): Promise<ListeningServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
