/**
 * A real DHCPDISCOVER captured from busybox udhcpc (fixtures/README.md says how): it decodes to what
 * udhcpc sends, `describeClient` reads it, and it survives encode → decode. udhcpc writes 57 before
 * 55, so our re-encoding differs in option order but not in meaning.
 */
import { readFileSync } from 'node:fs';
import t from 'tap';
import { describeClient } from '../../src/dhcp/describe-client.js';
import { getParameterList } from '../../src/dhcp/options/parameter-list.js';
import { decodeDhcp, encodeDhcp } from '../../src/dhcp/packet.js';
import { hex, txt } from './fixtures/wire-hex.js';

const bytes = hex(readFileSync(new URL('./fixtures/udhcpc-discover.hex', import.meta.url), 'utf8'));

t.test('udhcpc DISCOVER', async (t) => {
  t.equal(bytes.length, 300, 'udhcpc pads to the BOOTP minimum itself');
  const msg = decodeDhcp(bytes);
  t.strictSame(
    msg,
    {
      op: 1,
      htype: 1,
      hops: 0,
      xid: 0xbbd5b875,
      secs: 0,
      flags: 0,
      ciaddr: '0.0.0.0',
      yiaddr: '0.0.0.0',
      siaddr: '0.0.0.0',
      giaddr: '0.0.0.0',
      chaddr: '02:00:5e:10:00:01',
      sname: '',
      file: '',
      options: new Map([
        [53, hex('01')],
        [57, hex('0240')],
        [55, hex('01 03 06 0c 0f 1c 2a')],
        [60, hex(txt('udhcp 1.35.0'))],
        [61, hex('01 02005e100001')],
      ]),
    },
    'decodes',
  );
  t.strictSame(getParameterList(msg.options), [1, 3, 6, 12, 15, 28, 42], '55 as FACTS.md records it');
  t.strictSame(describeClient(msg), {
    mac: '02:00:5e:10:00:01',
    xid: 0xbbd5b875,
    messageType: 1,
    isPxe: false,
    arch: undefined,
    isIpxe: false,
    uuid: undefined,
    relayed: false,
    malformed: [],
  });
  const again = encodeDhcp(msg);
  t.strictSame(decodeDhcp(again), msg, 'round trips');
  t.strictSame(again.subarray(0, 240), bytes.subarray(0, 240), 'header and cookie byte-identical');
  t.equal(again.length, bytes.length, 'same length: same options, reordered');
});
