import { schemaWhitelists } from '@jupiterone/integration-sdk-core';

import { Entities } from '../constants';
import { warmEntitySchemas } from './schema-warmup';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

test('every entity class is compiled, one class per turn of the event loop', async () => {
  schemaWhitelists.clear();
  const wanted = new Set(Object.values(Entities).map((e) => [e._class].flat().join(',')));
  warmEntitySchemas();
  expect(schemaWhitelists.size).toBe(0);
  const sizes: number[] = [];
  for (let i = 0; i < Object.keys(Entities).length + 2; i++) {
    await turn();
    sizes.push(schemaWhitelists.size);
  }
  // Never more than one class in one turn: an answer that arrives waits for one at most.
  for (let i = 1; i < sizes.length; i++) expect(sizes[i] - sizes[i - 1]).toBeLessThanOrEqual(1);
  expect(new Set(schemaWhitelists.keys())).toEqual(wanted);
});
