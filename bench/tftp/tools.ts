/**
 * The external programs the bench runs, where they are, and which Debian package brings each one.
 * in.tftpd and dnsmasq live in /usr/sbin, which a non-root PATH often lacks, so the sbin folders are
 * searched as well.
 */
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';

export interface ToolSpec {
  /** The command name. */
  name: string;
  /** The Debian package that installs it. */
  debianPackage: string;
  /** Without a required tool the bench cannot run; an optional one only drops its peer. */
  required: boolean;
  /** What it is used for, for the error sentence. */
  purpose: string;
}

export const TOOLS: readonly ToolSpec[] = [
  { name: 'curl', debianPackage: 'curl', required: true, purpose: 'the TFTP client of the lockstep runs' },
  { name: 'atftp', debianPackage: 'atftp', required: true, purpose: 'the windowsize client' },
  { name: 'in.tftpd', debianPackage: 'tftpd-hpa', required: true, purpose: 'the reference server' },
  { name: 'taskset', debianPackage: 'util-linux', required: true, purpose: 'CPU pinning' },
  { name: 'dnsmasq', debianPackage: 'dnsmasq-base', required: false, purpose: 'the second reference server' },
];

const EXTRA_DIRS = ['/usr/local/sbin', '/usr/sbin', '/sbin'];

export type ToolPaths = Record<string, string>;

export interface ToolLookup {
  found: ToolPaths;
  /** Required tools that are missing. */
  missing: ToolSpec[];
  /** Optional tools that are missing. */
  absent: ToolSpec[];
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await fs.access(file, constants.X_OK);
    return (await fs.stat(file)).isFile();
  } catch {
    return false;
  }
}

/** Searches `searchPath` (a PATH value) and the sbin folders for each tool. */
export async function lookUpTools(searchPath: string, tools: readonly ToolSpec[] = TOOLS): Promise<ToolLookup> {
  const dirs = [...searchPath.split(path.delimiter).filter((d) => d !== ''), ...EXTRA_DIRS];
  const result: ToolLookup = { found: {}, missing: [], absent: [] };
  for (const tool of tools) {
    let hit: string | null = null;
    for (const dir of dirs) {
      const candidate = path.join(dir, tool.name);
      if (await isExecutable(candidate)) {
        hit = candidate;
        break;
      }
    }
    if (hit !== null) result.found[tool.name] = hit;
    else if (tool.required) result.missing.push(tool);
    else result.absent.push(tool);
  }
  return result;
}

/** One sentence naming what to install, e.g. for a missing in.tftpd. */
export function installSentence(missing: readonly ToolSpec[]): string {
  const names = missing.map((t) => `${t.name} (${t.purpose})`).join(', ');
  const packages = [...new Set(missing.map((t) => t.debianPackage))].join(' ');
  return `The TFTP bench cannot run: ${names} not found; install the Debian package${
    missing.length > 1 ? 's' : ''
  } with: apt-get install ${packages}`;
}
