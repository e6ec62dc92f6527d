import t from 'tap';
import { negotiateRead } from '../../src/tftp/options.js';

const limits = { maxBlockSize: 65464, maxWindowSize: 64, maxTimeoutS: 8 };
const opt = (name: string, value: string) => ({ name, value });

t.test('no options: lockstep 512, no OACK', async (t) => {
  const n = negotiateRead([], 1000, limits);
  t.equal(n.blockSize, 512);
  t.equal(n.windowSize, 1);
  t.equal(n.timeoutMs, null);
  t.same(n.oack, []);
});

t.test('iPXE: blksize 1432 tsize 0', async (t) => {
  const n = negotiateRead([opt('blksize', '1432'), opt('tsize', '0')], 123456, limits);
  t.equal(n.blockSize, 1432);
  t.same(n.oack, [opt('blksize', '1432'), opt('tsize', '123456')]);
});

t.test('edk2: tsize blksize windowsize, answered in the order asked', async (t) => {
  const n = negotiateRead([opt('tsize', '0'), opt('blksize', '1468'), opt('windowsize', '4')], 42, limits);
  t.same(n.oack, [opt('tsize', '42'), opt('blksize', '1468'), opt('windowsize', '4')]);
  t.equal(n.windowSize, 4);
});

t.test('atftp sends tsize "enable": still answered with the size', async (t) => {
  t.same(negotiateRead([opt('tsize', 'enable')], 7, limits).oack, [opt('tsize', '7')]);
});

t.test('option names are case-insensitive; the reply keeps the client spelling', async (t) => {
  const n = negotiateRead([opt('BLKSIZE', '1024')], 1, limits);
  t.equal(n.blockSize, 1024);
  t.same(n.oack, [opt('BLKSIZE', '1024')]);
});

t.test('blksize: below 8 ignored, above the limit answered with the limit', async (t) => {
  t.same(negotiateRead([opt('blksize', '7')], 1, limits).oack, []);
  t.same(negotiateRead([opt('blksize', '70000')], 1, limits).oack, [opt('blksize', '65464')]);
  t.same(negotiateRead([opt('blksize', '9000')], 1, { ...limits, maxBlockSize: 1468 }).oack, [opt('blksize', '1468')]);
  t.same(negotiateRead([opt('blksize', 'abc')], 1, limits).oack, []);
  t.same(negotiateRead([opt('blksize', '-1')], 1, limits).oack, []);
  t.same(negotiateRead([opt('blksize', '')], 1, limits).oack, []);
});

t.test('windowsize: 0 ignored, above the server limit answered with the limit', async (t) => {
  t.same(negotiateRead([opt('windowsize', '0')], 1, limits).oack, []);
  const n = negotiateRead([opt('windowsize', '1000')], 1, limits);
  t.equal(n.windowSize, 64);
  t.same(n.oack, [opt('windowsize', '64')]);
});

t.test('timeout: 1..255 seconds', async (t) => {
  t.equal(negotiateRead([opt('timeout', '3')], 1, limits).timeoutMs, 3000);
  t.same(negotiateRead([opt('timeout', '0')], 1, limits).oack, []);
  t.same(negotiateRead([opt('timeout', '256')], 1, limits).oack, []);
  t.same(negotiateRead([opt('timeout', '9')], 1, limits).oack, [], 'above the server maximum: not answered');
  t.equal(negotiateRead([opt('timeout', '255')], 1, limits).timeoutMs, null, 'the server keeps its own backoff');
});

t.test('never answers an option the client did not ask for, nor an unknown one', async (t) => {
  const n = negotiateRead([opt('multicast', ''), opt('utimeout', '5000')], 1, limits);
  t.same(n.oack, []);
  t.equal(n.ignored.length, 2);
});

t.test('tsize with an unknown size (netascii) is not answered', async (t) => {
  t.same(negotiateRead([opt('tsize', '0'), opt('blksize', '1024')], null, limits).oack, [opt('blksize', '1024')]);
});

t.test('a repeated option: the first counts, the repeat is ignored', async (t) => {
  const n = negotiateRead([opt('blksize', '1024'), opt('blksize', '2048')], 1, limits);
  t.equal(n.blockSize, 1024);
  t.same(n.oack, [opt('blksize', '1024')]);
});
