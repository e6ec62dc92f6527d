/** TFTP numbers, all in one place. RFC 1350 §5 (opcodes), appendix (error codes), RFC 2347 (OACK, error 8). */

export const Opcode = {
  RRQ: 1,
  WRQ: 2,
  DATA: 3,
  ACK: 4,
  ERROR: 5,
  /** RFC 2347 option acknowledgement. */
  OACK: 6,
} as const;
export type OpcodeNumber = (typeof Opcode)[keyof typeof Opcode];

export const TftpErrorCode = {
  NOT_DEFINED: 0,
  FILE_NOT_FOUND: 1,
  ACCESS_VIOLATION: 2,
  DISK_FULL: 3,
  ILLEGAL_OPERATION: 4,
  UNKNOWN_TID: 5,
  FILE_EXISTS: 6,
  NO_SUCH_USER: 7,
  /** RFC 2347: option negotiation failed; edk2 also sends it as "user aborted" after a tsize probe. */
  OPTION_REFUSED: 8,
} as const;

/** RFC 1350: a DATA block carries 512 bytes unless blksize says otherwise. */
export const DEFAULT_BLOCK_SIZE = 512;
/** RFC 2348 §2: the valid blksize range. */
export const MIN_BLOCK_SIZE = 8;
export const MAX_BLOCK_SIZE = 65464;
/** RFC 7440 §3: the valid windowsize range. */
export const MIN_WINDOW_SIZE = 1;
export const MAX_WINDOW_SIZE = 65535;
/** RFC 2349 §2: timeout in whole seconds, 1..255. */
export const MIN_TIMEOUT_S = 1;
export const MAX_TIMEOUT_S = 255;
/** Block numbers are 16 bits on the wire (RFC 1350 §5). */
export const BLOCK_NUMBER_MODULO = 65536;
