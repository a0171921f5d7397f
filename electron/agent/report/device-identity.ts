import { createHash } from 'node:crypto';
import os from 'node:os';
import machineId from 'node-machine-id';

/**
 * The workstation's stable id before enrollment: the OS machine id, hashed with a product salt
 * so the raw id (which other software may use) never leaves the machine.
 */
export function hashedMachineId(): string {
  let raw: string;
  try {
    raw = machineId.machineIdSync(true);
  } catch {
    // Containers without /etc/machine-id: fall back to the hostname so the id is at least stable.
    raw = `host:${os.hostname()}`;
  }
  return createHash('sha256').update(`shiftguard:${raw}`).digest('hex');
}
