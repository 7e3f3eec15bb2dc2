import { Slots } from './slots';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('at most the limit taken; waiters go on in order as places are given back', async () => {
  const slots = new Slots(2);
  const order: string[] = [];
  const a = await slots.take();
  await slots.take();
  void slots.take().then(() => order.push('c'));
  void slots.take().then(() => order.push('d'));
  await turn();
  expect(order).toEqual([]);
  a();
  a(); // given back once only
  await turn();
  expect(order).toEqual(['c']);
  expect(slots.peak).toBe(2);
});

test('takeNow goes beyond the bound; lift lets every waiter on', async () => {
  const slots = new Slots(1);
  await slots.take();
  slots.takeNow();
  expect(slots.peak).toBe(2);
  let woke = 0;
  for (let i = 0; i < 3; i++) void slots.take().then(() => (woke += 1));
  await turn();
  expect(woke).toBe(0);
  slots.lift();
  await turn();
  expect(woke).toBe(3);
});

test('run gives its place back when the work fails', async () => {
  const slots = new Slots(1);
  await expect(slots.run(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
  await expect(slots.run(async () => 'yes')).resolves.toBe('yes');
});
