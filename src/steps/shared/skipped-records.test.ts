import { IntegrationWarnEventName } from '@jupiterone/integration-sdk-core';
import { createMockIntegrationLogger } from '@jupiterone/integration-sdk-testing';

import { SkippedRecords } from './skipped-records';

const ORG = '5f0c8d1e2a3b4c5d6e7f8091';
const entity = (key: string) => ({ _key: key, _type: 'jumpcloud_device', _class: ['Device'] });

describe('SkippedRecords', () => {
  test('a valid entity passes, and finish() says nothing', () => {
    const skipped = new SkippedRecords(createMockIntegrationLogger(), 'system');
    expect(
      skipped.convert('abcdef0123456789abcdef01', ORG, () => entity('abcdef0123456789abcdef01')),
    ).toBeDefined();
    expect(() => skipped.finish()).not.toThrow();
  });

  test.each([
    [
      'a converter that throws',
      () => {
        throw new Error('webLink must match format "uri"');
      },
      () => false,
      /cannot be made a valid entity/,
    ],
    ['a key too short', () => entity('sys-1'), () => false, /too short/],
    [
      'a key another type holds',
      () => entity('abcdef0123456789abcdef01'),
      () => true,
      /another kind/,
    ],
  ])('%s: a warning naming the record, then the step fails', (_case, convert, taken, reason) => {
    const logger = createMockIntegrationLogger();
    const warn = jest.spyOn(logger, 'publishWarnEvent');
    const skipped = new SkippedRecords(logger, 'system');
    expect(skipped.convert('the-id', ORG, convert, taken)).toBeUndefined();
    expect(warn).toHaveBeenCalledWith({
      name: IntegrationWarnEventName.MissingEntity,
      description: expect.stringMatching(reason),
    });
    expect(warn.mock.calls[0][0].description).toContain('"the-id"');
    expect(() => skipped.finish()).toThrow(
      /1 system record\(s\) could not be ingested \("the-id"\)/,
    );
  });
});
