import http from 'http';
import { AddressInfo } from 'net';

import { JumpCloudHttp } from './http';

test('a request counts as awaited from when it is written until its answer is complete', async () => {
  let answer: () => void = () => undefined;
  let arrive: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  const server = http.createServer((_req, res) => {
    answer = () => {
      res.setHeader('content-type', 'application/json');
      res.end('{"results":[]}');
    };
    arrive();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const client = new JumpCloudHttp({ apiKey: 'test-key-0000', baseUrl });
  const sends: number[] = [];
  client.network.onNextSend(() => sends.push(client.network.awaiting));
  expect(client.network.awaiting).toBe(0);
  const response = client.request('/api/organizations');
  // Not yet written: the socket connects first.
  expect(client.network.awaiting).toBe(0);
  await arrived;
  expect(sends).toEqual([1]);
  expect(client.network.awaiting).toBe(1);
  expect(client.network.answers).toBe(0);
  answer();
  await response;
  server.close();
  expect(client.network.awaiting).toBe(0);
  expect(client.network.answers).toBe(1);
});

test('a request that cannot be sent is never counted as awaited', async () => {
  const client = new JumpCloudHttp({
    apiKey: 'test-key-0000',
    // Port 1 on the loopback: refused at once, and never retried before the host answered.
    baseUrl: 'http://127.0.0.1:1',
    retryPolicy: { maxAttempts: 1 },
  });
  await expect(client.request('/api/organizations')).rejects.toThrow();
  expect(client.network.awaiting).toBe(0);
  expect(client.network.answers).toBe(0);
});
