/**
 * What a request says about its client, in one flat record for handlers and log lines. Pure and
 * total: a malformed option never throws here; the field it feeds is left undefined and its code is
 * listed in `malformed`, so a handler can drop the request with a reason.
 */
import { DhcpDecodeError } from './errors.js';
import { OptionCode } from './iana.js';
import { getClientMachineId, getUserClass, getVendorClass, isIpxeUserClass } from './options/identity.js';
import { getMessageType } from './options/message.js';
import { getClientArchitectures, PXE_VENDOR_CLASS, vendorClassArchitecture } from './options/pxe.js';
import type { DhcpMessage } from './packet.js';
import { UNSET_ADDRESS } from './wire-values.js';

export interface ClientDescription {
  /** `chaddr` as `aa:bb:cc:dd:ee:ff`. */
  mac: string;
  xid: number;
  /** Option 53; undefined for a BOOTP client or a malformed option. */
  messageType: number | undefined;
  /** Option 60 starts with `PXEClient` (the PXE 2.1 specification; how dnsmasq and pixiecore tell). */
  isPxe: boolean;
  /** The first type in option 93 (RFC 4578 §2.1), else the `Arch:` field of option 60. */
  arch: number | undefined;
  /** Option 77 is `iPXE` (either form), or option 175 is present: the client is already running iPXE. */
  isIpxe: boolean;
  /**
   * Option 97 as a GUID (RFC 4578 §2.3). Undefined for the nil GUID, which iPXE sends when the
   * machine has no SMBIOS UUID (QEMU without `-uuid`), and for all-ones, SMBIOS's "not present".
   */
  uuid: string | undefined;
  /** `giaddr` is set: a relay forwarded the request (RFC 2131 §4.1), and the reply goes back to it. */
  relayed: boolean;
  /** Codes of options that were present but not in their RFC format, ascending. */
  malformed: number[];
}

const NIL_GUID = '00000000-0000-0000-0000-000000000000';
const ALL_ONES_GUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

export function describeClient(msg: DhcpMessage): ClientDescription {
  const malformed: number[] = [];
  /** The getter's value, or undefined (and the option noted) when it rejects the bytes. */
  const read = <T>(get: () => T | undefined): T | undefined => {
    try {
      return get();
    } catch (err) {
      if (err instanceof DhcpDecodeError && err.option !== undefined) {
        malformed.push(err.option);
        return undefined;
      }
      throw err;
    }
  };
  const o = msg.options;
  const vendorClass = read(() => getVendorClass(o));
  const archList = read(() => getClientArchitectures(o));
  const userClass = read(() => getUserClass(o));
  const uuid = read(() => getClientMachineId(o));
  return {
    mac: msg.chaddr,
    xid: msg.xid,
    messageType: read(() => getMessageType(o)),
    isPxe: vendorClass?.startsWith(PXE_VENDOR_CLASS) ?? false,
    arch: archList?.[0] ?? (vendorClass === undefined ? undefined : vendorClassArchitecture(vendorClass)),
    isIpxe: isIpxeUserClass(userClass) || o.has(OptionCode.IPXE_ENCAP),
    uuid: uuid === NIL_GUID || uuid === ALL_ONES_GUID ? undefined : uuid,
    relayed: msg.giaddr !== UNSET_ADDRESS,
    malformed: malformed.sort((a, b) => a - b),
  };
}
