/**
 * The process names behind the app names IT writes in a policy. A policy says "OBS" or "Sticky
 * Notes"; the process that runs is obs64.exe or Microsoft.Notes.exe, so a bare name comparison
 * would never match. Keys and values are compared after normalizeProcessName (lower case, no
 * spaces, no .exe/.app). A name not listed here is matched as written.
 */
export const KNOWN_APP_PROCESSES: Readonly<Record<string, readonly string[]>> = {
  // Capture tools.
  snippingtool: ['snippingtool', 'screenclippinghost', 'screensketch'],
  'snip&sketch': ['screensketch', 'screenclippinghost'],
  screenclippinghost: ['screenclippinghost'],
  sharex: ['sharex'],
  greenshot: ['greenshot'],
  lightshot: ['lightshot'],
  obs: ['obs64', 'obs32', 'obs'],
  obsstudio: ['obs64', 'obs32', 'obs'],
  snagit: ['snagit32', 'snagiteditor', 'snagitcapture', 'snagit'],
  screenshot: ['screencaptureui', 'screencapture', 'screenshot'],
  // Note-taking apps.
  notepad: ['notepad'],
  stickynotes: ['microsoft.notes', 'stikynot', 'stickynotes'],
  onenote: ['onenote', 'onenoteim', 'onenotem'],
  'notepad++': ['notepad++'],
  notes: ['notes'],
  stickies: ['stickies'],
};
