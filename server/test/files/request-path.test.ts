import t from 'tap';
import { requestPathSegments, MAX_REQUEST_PATH_BYTES } from '../../src/files/request-path.js';

t.test('accepted names and their segments', async (t) => {
  const ok: [string, string[]][] = [
    ['pxelinux.0', ['pxelinux.0']],
    ['/grub/grub.cfg', ['grub', 'grub.cfg']],
    ['//grub//x86_64-efi/normal.mod', ['grub', 'x86_64-efi', 'normal.mod']],
    ['boot\\pxeboot.n12', ['boot', 'pxeboot.n12']],
    ['./a/./b', ['a', 'b']],
    ['firmware/ünïcode.bin', ['firmware', 'ünïcode.bin']],
    ['..foo', ['..foo']],
    ['a..b/c', ['a..b', 'c']],
  ];
  for (const [name, segs] of ok) t.same(requestPathSegments(name), segs, name);
});

t.test('refused names and their codes', async (t) => {
  const bad: [string, string][] = [
    ['..', 'PATH_PARENT'],
    ['../etc/passwd', 'PATH_PARENT'],
    ['a/../../b', 'PATH_PARENT'],
    ['..\\..\\windows\\win.ini', 'PATH_PARENT'],
    ['C:\\boot.ini', 'PATH_DRIVE_LETTER'],
    ['a\u0000b', 'PATH_CONTROL_CHAR'],
    ['a\nb', 'PATH_CONTROL_CHAR'],
    ['x'.repeat(MAX_REQUEST_PATH_BYTES + 1), 'PATH_TOO_LONG'],
    ['/', 'PATH_EMPTY'],
    ['.', 'PATH_EMPTY'],
  ];
  for (const [name, code] of bad) t.throws(() => requestPathSegments(name), { code }, `${JSON.stringify(name.slice(0, 30))}: ${code}`);
});
