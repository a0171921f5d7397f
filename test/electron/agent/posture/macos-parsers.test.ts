import { describe, expect, it } from 'vitest';
import { parseMdatpHealth } from '../../../../electron/agent/posture/common/mdatp-health';
import {
  parseFdesetupStatus,
  parseInstallHistory,
  parsePmsetDisplaySleep,
  parseScreenLockStatus,
  parseSocketFilterState,
  parseSoftwareUpdateList,
  parseSpUsb,
} from '../../../../electron/agent/posture/macos/parsers';
import { fixture } from './helpers';

describe('macOS parsers', () => {
  it('fdesetup status', () => {
    expect(parseFdesetupStatus('FileVault is On.\n')).toMatchObject({ encrypted: true, state: 'FileVault is On' });
    expect(parseFdesetupStatus('FileVault is Off.\n')).toMatchObject({ encrypted: false });
    expect(parseFdesetupStatus('FileVault is On.\nEncryption in progress: Percent completed = 33.4\n')).toMatchObject({ encrypted: false, percent: 33.4 });
    expect(parseFdesetupStatus('FileVault is Off.\nDeferred enablement appears to be active for user \'x\'.\n')).toMatchObject({ encrypted: false });
    expect(parseFdesetupStatus('fdesetup: command not found')).toBeNull();
  });
  it('socketfilterfw: state 2 is on; a destroyed state marker falls back to the sentence', () => {
    expect(parseSocketFilterState(fixture('macos', 'firewall/socketfilterfw-getglobalstate.state2.kolide.txt'))).toEqual({ name: 'application firewall', enabled: true, detail: 'State = 2' });
    expect(parseSocketFilterState(fixture('macos', 'firewall/socketfilterfw.malformed.kolide.txt'))).toEqual({ name: 'application firewall', enabled: true, detail: 'enabled' });
    expect(parseSocketFilterState('Firewall is disabled. (State = 0)\n')).toMatchObject({ enabled: false });
    expect(parseSocketFilterState('')).toBeNull();
  });
  it('mdatp health (macOS): on, real-time, fresh', () => {
    expect(parseMdatpHealth(fixture('macos', 'antivirus/mdatp-health.101.98.30.json'))).toMatchObject({ enabled: true, realTime: true, signaturesUpToDate: true, signatureAgeDays: 0 });
  });
  it('system_profiler USB JSON: Media marks storage; apple_vendor_id; padded vendor text', () => {
    const json = JSON.stringify({
      SPUSBDataType: [
        {
          _name: 'USB31Bus',
          _items: [
            { _name: 'Extreme SSD', vendor_id: '0x0781  (SanDisk Corporation)', product_id: '0x558c', Media: [{ bsd_name: 'disk4' }] },
            { _name: 'USB3.0 Hub              ', vendor_id: '0x05e3  (Genesys Logic, Inc.)', product_id: '0x0626', _items: [{ _name: 'Magic Keyboard', vendor_id: 'apple_vendor_id', product_id: '0x029c' }] },
          ],
        },
      ],
    });
    expect(parseSpUsb(json)).toEqual([
      { vendorId: '0781', productId: '558c', name: 'Extreme SSD', massStorage: true, hub: false },
      { vendorId: '05e3', productId: '0626', name: 'USB3.0 Hub', massStorage: false, hub: true },
      { vendorId: '05ac', productId: '029c', name: 'Magic Keyboard', massStorage: false, hub: false },
    ]);
    expect(parseSpUsb('not json')).toBeNull();
  });
  it('softwareupdate --list: updates, none, and a scan error (unknown, never "up to date")', () => {
    const one = 'Software Update Tool\n\nFinding available software\nSoftware Update found the following new or updated software:\n* Label: macOS Ventura 13.3.1-22E261\n\tTitle: macOS Ventura 13.3.1, Version: 13.3.1, Size: 868648KiB, Recommended: YES, Action: restart,\n';
    expect(parseSoftwareUpdateList(one)).toMatchObject({ total: 1, security: 1, names: ['macOS Ventura 13.3.1'] });
    expect(parseSoftwareUpdateList('Software Update Tool\n\nNo new software available.\n')).toMatchObject({ total: 0, security: 0 });
    expect(parseSoftwareUpdateList('Software Update Tool\n\nScan finished with error: Error Domain=NSURLErrorDomain Code=-1005\n')).toBeNull();
    expect(parseSoftwareUpdateList('* Label: Command Line Tools for Xcode-14.3\n\tTitle: Command Line Tools for Xcode, Version: 14.3, Size: 711888KiB, Recommended: YES, \n')).toMatchObject({ total: 1, security: 0 });
  });
  it('install history ignores data updates and third-party packages', () => {
    const json = JSON.stringify({
      SPInstallHistoryDataType: [
        { _name: 'macOS 14.4.1', install_date: '2024-04-01T10:00:00Z', package_source: 'package_source_apple' },
        { _name: 'XProtectPlistConfigData', install_date: '2024-05-20T10:00:00Z', package_source: 'package_source_apple' },
        { _name: 'Zoom', install_date: '2024-05-21T10:00:00Z', package_source: 'package_source_other' },
      ],
    });
    expect(parseInstallHistory(json)).toEqual({ at: '2024-04-01T10:00:00.000Z', name: 'macOS 14.4.1' });
  });
  it('sysadminctl -screenLock status and pmset', () => {
    expect(parseScreenLockStatus('2024-01-01 10:00:00.000 sysadminctl[123:456] screenLock delay is 300 seconds')).toBe(300);
    expect(parseScreenLockStatus('sysadminctl[1:2] screenLock is immediate')).toBe(0);
    // The wording macOS prints (and CIS audit scripts grep for): "delay is immediate".
    expect(parseScreenLockStatus('2024-01-01 10:00:00.000 sysadminctl[123:456] screenLock delay is immediate')).toBe(0);
    // A negative or fractional delay is not a documented wording: unknown, not a guess.
    expect(parseScreenLockStatus('sysadminctl[1:2] screenLock delay is -1 seconds')).toBeUndefined();
    expect(parseScreenLockStatus('sysadminctl[1:2] screenLock is off')).toBeNull();
    expect(parseScreenLockStatus('')).toBeUndefined();
    expect(parsePmsetDisplaySleep('System-wide power settings:\nCurrently in use:\n standby              1\n displaysleep         10\n')).toBe(10);
  });

  it('public samples: fdesetup On with a master keychain, socketfilterfw State 2 "blocking", softwareupdate old and new formats', () => {
    expect(parseFdesetupStatus(fixture('macos', 'disk-encryption/fdesetup-status.on-master-keychain.txt'))).toMatchObject({ encrypted: true, state: 'FileVault is On' });
    expect(parseSocketFilterState(fixture('macos', 'firewall/socketfilterfw-getglobalstate.state2-blocking.txt'))).toMatchObject({ enabled: true, detail: 'State = 2' });
    expect(parseSoftwareUpdateList(fixture('macos', 'os-patches/softwareupdate-l.tahoe-26.5.2.topgrade.txt'))).toMatchObject({ total: 1, security: 1, names: ['macOS Tahoe 26.5.2'] });
    // Pre-10.15 listing: five updates, none of them an OS or security update; never "nothing pending".
    expect(parseSoftwareUpdateList(fixture('macos', 'os-patches/softwareupdate-l.mavericks-old-format.as-quoted.txt'))).toMatchObject({ total: 5, security: 0 });
    // A Title line alone is not a listing: unknown, not zero.
    expect(parseSoftwareUpdateList(fixture('macos', 'os-patches/softwareupdate-l.title-line-only.catalina-beta.txt'))).toBeNull();
  });
});
