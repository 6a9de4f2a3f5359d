// Figures for issue 11's budgets, in headless Chromium (never part of `make test`; run with
// `make bench-tabs`):
// - failover: from closing the host tab to a remaining tab's API working again (an
//   operation completes there), over 10 trials;
// - open to join: from `openRooms()` in the organizer's tab to every tab's 'join' event,
//   with 10 tabs (the organizer, who hosts, and 9 attendees in 3 rooms), over 5 trials.
import { inTab, newMeeting, openBrowser } from './harness.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await openBrowser();
try {
  const failovers = [];
  for (let trial = 0; trial < 10; trial++) {
    const link = newMeeting();
    const host = await browser.openTab(link, 'org', 'organizer');
    const ann = await browser.openTab(link, 'ann', 'attendee');
    const bob = await browser.openTab(link, 'bob', 'attendee');
    await inTab(host, () => window.tab.until(() => window.tab.remoteNames().length === 2, 'everyone is in'));
    const closed = Date.now();
    await host.page.close();
    // The first operation that needs the host: ann raises her hand (it completes only once a
    // host answered).
    await inTab(ann, () => window.tab.call.feature(window.tab.Features.RaiseHand).raiseHand());
    failovers.push(Date.now() - closed);
    await ann.page.close();
    await bob.page.close();
  }
  console.log(`failover (close host tab -> next operation completes), 10 trials: median ${median(failovers)} ms; all ${failovers.join(', ')} ms`);

  const opens = [];
  for (let trial = 0; trial < 5; trial++) {
    const link = newMeeting();
    const org = await browser.openTab(link, 'org', 'organizer');
    const people = [];
    for (let i = 0; i < 9; i++) people.push(await browser.openTab(link, `a${i}`, 'attendee'));
    await inTab(org, () => window.tab.until(() => window.tab.remoteNames().length === 9, 'everyone is in'));
    await inTab(org, async () => {
      const mgmt = window.tab.mgmt();
      await mgmt.createRooms(3);
      await mgmt.assignAutomatically();
    });
    for (const p of people) {
      await inTab(p, () => window.tab.until(() => window.tab.feature.assignedBreakoutRooms, 'assigned'));
      await inTab(p, () => {
        window.tab.feature.on('breakoutRoomsUpdated', (e) => {
          if (e.type === 'join') window.joinedAt = performance.timeOrigin + performance.now();
        });
      });
    }
    const opened = await inTab(org, async () => {
      const at = performance.timeOrigin + performance.now();
      await window.tab.mgmt().openRooms();
      return at;
    });
    const joins = [];
    for (const p of people) {
      await inTab(p, () => window.tab.until(() => window.joinedAt, 'joined'));
      joins.push(await inTab(p, () => window.joinedAt));
    }
    opens.push(Math.max(...joins) - opened);
    for (const p of [org, ...people]) await p.page.close();
  }
  console.log(`open to join (openRooms() -> every tab's 'join'), 10 tabs, 5 trials: median ${median(opens).toFixed(1)} ms; all ${opens.map((x) => x.toFixed(1)).join(', ')} ms`);
} finally {
  await browser.close();
}
