import {
  announceUsersTotal,
  beginUsersTotals,
  endUsersTotals,
  usersTotalWhenListed,
} from './total';

describe("the users' totals read-systems waits for", () => {
  test('no users step started with the caller: undefined at once', async () => {
    await expect(usersTotalWhenListed({}, 'org')).resolves.toBeUndefined();
  });

  test("each organization's total as its list's first page told it; the first word counts", async () => {
    const run = {};
    beginUsersTotals(run);
    const first = usersTotalWhenListed(run, 'a');
    const second = usersTotalWhenListed(run, 'b');
    announceUsersTotal(run, 'b', 7);
    announceUsersTotal(run, 'a', 12);
    announceUsersTotal(run, 'a', 99);
    await expect(Promise.all([first, second])).resolves.toEqual([12, 7]);
    await expect(usersTotalWhenListed(run, 'a')).resolves.toBe(12);
  });

  test('the users step ends without telling (its list failed first): undefined, before and after', async () => {
    const run = {};
    beginUsersTotals(run);
    const waiting = usersTotalWhenListed(run, 'a');
    endUsersTotals(run);
    await expect(waiting).resolves.toBeUndefined();
    await expect(usersTotalWhenListed(run, 'b')).resolves.toBeUndefined();
  });
});
