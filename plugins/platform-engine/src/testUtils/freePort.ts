import net from 'node:net';

/**
 * A port of 127.0.0.1 that nothing listened on a moment ago, for a server the test starts
 * itself.
 *
 * @public
 */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(resolve => server.close(resolve));
  return port;
}
