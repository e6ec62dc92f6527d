/**
 * Where the boot file is: 66 TFTP server name (RFC 2132 §9.4) and 67 bootfile name (§9.5). The RFC
 * meant them for when the `sname` and `file` header fields carry options (overload); clients differ
 * in which they read, so a boot reply usually fills both the header field and the option.
 */
import { OptionCode } from '../iana.js';
import type { DhcpOptions } from '../packet.js';
import { getText, setText } from './primitives.js';

export function getTftpServerName(options: DhcpOptions): string | undefined {
  return getText(options, OptionCode.TFTP_SERVER_NAME);
}

export function setTftpServerName(options: DhcpOptions, name: string): void {
  setText(options, OptionCode.TFTP_SERVER_NAME, name);
}

export function getBootfileName(options: DhcpOptions): string | undefined {
  return getText(options, OptionCode.BOOTFILE_NAME);
}

export function setBootfileName(options: DhcpOptions, name: string): void {
  setText(options, OptionCode.BOOTFILE_NAME, name);
}
