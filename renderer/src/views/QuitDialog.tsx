import { useEffect, useRef, useState } from 'react';
import type { ShiftGuardApi } from '../../../shared/ipc/contract';
import { useT } from '../i18n';

/** Quit confirmation; asks for the supervisor PIN when policy requires one. */
export function QuitDialog({ bridge, needsPin, onClose }: { bridge: ShiftGuardApi; needsPin: boolean; onClose: () => void }) {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);

  const submit = async () => {
    const r = await bridge.quit(needsPin ? { pin } : {});
    if (!r.ok) return setMessage(t('app.error', { message: r.error.message }));
    switch (r.value.outcome) {
      case 'quitting':
        return;
      case 'pin-required':
      case 'wrong-pin':
        setPin('');
        return setMessage(t('quit.wrongPin'));
      case 'too-many-attempts':
        setPin('');
        return setMessage(t('quit.tooMany'));
    }
  };

  return (
    <dialog ref={dialog} aria-labelledby="quit-heading" onClose={onClose} className="quit-dialog">
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id="quit-heading">{t('quit.heading')}</h2>
        <p>{t('quit.confirmText')}</p>
        {needsPin && (
          <>
            <p>{t('quit.pinHelp')}</p>
            <label htmlFor="quit-pin">{t('quit.pin')}</label>
            <input id="quit-pin" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} required maxLength={64} />
          </>
        )}
        {message && <p role="alert">{message}</p>}
        <button type="submit" className="danger">{t('quit.confirm')}</button>
        <button type="button" onClick={() => dialog.current?.close()}>{t('quit.cancel')}</button>
      </form>
    </dialog>
  );
}
