/**
 * The errors of the DHCP codec. Callers branch on `code`, never on the message text.
 *
 * Decoding (`DhcpDecodeError`), from `decodeDhcp` unless noted:
 * | code | meaning |
 * |---|---|
 * | `DHCP_TRUNCATED` | shorter than the fixed header plus magic cookie (236 + 4 bytes, RFC 2131 §2) |
 * | `DHCP_TOO_LONG` | longer than the decoder's cap (`DEFAULT_MAX_DHCP_BYTES`, 1500, unless configured) |
 * | `DHCP_BAD_OP` | `op` is neither 1 (BOOTREQUEST) nor 2 (BOOTREPLY) |
 * | `DHCP_BAD_HLEN` | `hlen` is over 16, the size of `chaddr` |
 * | `DHCP_BAD_COOKIE` | the four bytes after the header are not 99.130.83.99 (RFC 2131 §3) |
 * | `DHCP_BAD_OPTION_LENGTH` | an option (or its length byte) runs past the end of the field that holds it: options, or an overloaded `file`/`sname` |
 * | `DHCP_BAD_OVERLOAD` | option 52 is not one byte of value 1, 2 or 3 (RFC 2132 §9.3) |
 * | `DHCP_BAD_OPTION_VALUE` | from an `options/*.ts` getter: a present option whose value is not in its RFC format (`option` names it) |
 *
 * Encoding (`DhcpEncodeError`), from `encodeDhcp` and the `options/*.ts` setters:
 * | code | meaning |
 * |---|---|
 * | `DHCP_BAD_FIELD` | a header number out of its range, or `sname`/`file` too long or not one byte per character |
 * | `DHCP_BAD_ADDRESS` | not a dotted-quad IPv4 address |
 * | `DHCP_BAD_HARDWARE_ADDRESS` | not colon-separated hex bytes, or more than 16 of them |
 * | `DHCP_BAD_OPTION_CODE` | an option code outside 1..254, or 52 (overload is framing the encoder decides, not data) |
 * | `DHCP_BAD_OPTION_VALUE` | a setter was given a value its option cannot carry (`option` names it) |
 */
import { ThinbootError } from '../errors.js';

export class DhcpDecodeError extends ThinbootError {
  /** The option code whose value was rejected, for `DHCP_BAD_OPTION_VALUE`. */
  readonly option: number | undefined;
  constructor(code: string, message: string, option?: number) {
    super(code, message);
    this.name = 'DhcpDecodeError';
    this.option = option;
  }
}

export class DhcpEncodeError extends ThinbootError {
  readonly option: number | undefined;
  constructor(code: string, message: string, option?: number) {
    super(code, message);
    this.name = 'DhcpEncodeError';
    this.option = option;
  }
}

/** A getter's complaint about a present option: `DHCP_BAD_OPTION_VALUE` naming the option. */
export function badOptionValue(option: number, why: string): DhcpDecodeError {
  return new DhcpDecodeError('DHCP_BAD_OPTION_VALUE', `option ${option}: ${why}`, option);
}

/** A setter's complaint about what it was asked to write: `DHCP_BAD_OPTION_VALUE` naming the option. */
export function badOptionInput(option: number, why: string): DhcpEncodeError {
  return new DhcpEncodeError('DHCP_BAD_OPTION_VALUE', `option ${option}: ${why}`, option);
}
