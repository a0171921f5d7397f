import { useEffect, useRef, useState } from 'react';
import type { AppState } from '../../../shared/ipc/app-state';
import type { ShiftGuardApi } from '../../../shared/ipc/contract';
import { useT } from '../i18n';
import { maskScratchpad } from '../../../shared/scratchpad/mask-scratchpad';
import { shouldPurgeBetween, type ScratchpadPurgeView } from '../../../shared/scratchpad/purge-events';

/**
 * A notes field that masks card numbers as they are typed or pasted. Kept in React state only
 * (never stored, so quitting the app empties it too), and emptied per policy when sensitive mode
 * ends or the shift ends. Stays mounted while hidden so switching tabs mid-call keeps the notes.
 */
export function Scratchpad({ bridge, state, hidden }: { bridge: ShiftGuardApi; state: AppState; hidden: boolean }) {
  const t = useT();
  const [text, setText] = useState('');
  const [masked, setMasked] = useState(false);
  // The last state seen: purge events are changes between two pushed states.
  const previous = useRef<ScratchpadPurgeView>(state);

  useEffect(() => {
    const purge = shouldPurgeBetween(previous.current, state);
    previous.current = state;
    if (purge) {
      setText('');
      setMasked(false);
    }
  }, [state]);

  return (
    <section aria-labelledby="scratchpad-heading" hidden={hidden}>
      <h2 id="scratchpad-heading">{t('scratchpad.heading')}</h2>
      <p>
        {t('scratchpad.help')} {t(`scratchpad.purge.${state.policy.scratchpadPurgeOn}`)}
      </p>
      <label htmlFor="scratchpad">{t('scratchpad.label')}</label>
      <textarea
        id="scratchpad"
        rows={10}
        spellCheck={false}
        autoComplete="off"
        value={text}
        onChange={(e) => {
          const result = maskScratchpad(e.target.value);
          setText(result.text);
          if (result.maskedDigits > 0) {
            setMasked(true);
            // The count only (never the text), for the audit log and the session's evidence.
            void bridge.recordScratchpadMasking({ maskedDigits: result.maskedDigits });
          }
        }}
      />
      <p role="status" className="scratchpad-note">{masked ? t('scratchpad.masked') : ''}</p>
      <button type="button" onClick={() => (setText(''), setMasked(false))}>
        {t('scratchpad.clear')}
      </button>
    </section>
  );
}
