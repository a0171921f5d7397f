import { useState } from 'react';
import type { MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';
import { getAt, setAt, type Json } from './document';
import { POLICY_FORM, type FieldSpec } from './fields';

/** Field ids safe for HTML ids. */
const fieldId = (path: string) => `pf-${path.replace(/\./g, '-')}`;

/**
 * The policy editor: one input per field, each with its own error from the shared schema shown
 * right under it (aria-invalid + aria-describedby), so a screen reader hears the error at the field.
 */
export function PolicyForm({ doc, errors, readOnly, onChange }: { doc: Json; errors: Map<string, string>; readOnly: boolean; onChange: (doc: Json) => void }) {
  const { t } = useI18n();
  return (
    <div className="policy-form">
      {POLICY_FORM.map((group) => (
        <fieldset key={group.id}>
          <legend>{t(`pg.${group.id}` as MessageKey)}</legend>
          {group.fields.map((f) => (
            <Field key={f.path} spec={f} doc={doc} error={errors.get(f.path)} readOnly={readOnly} onChange={onChange} />
          ))}
        </fieldset>
      ))}
    </div>
  );
}

function Field({ spec, doc, error, readOnly, onChange }: { spec: FieldSpec; doc: Json; error: string | undefined; readOnly: boolean; onChange: (doc: Json) => void }) {
  const { t } = useI18n();
  const id = fieldId(spec.path);
  const value = getAt(doc, spec.path);
  const label = t(`pf.${spec.path}` as MessageKey);
  const aria = { 'aria-invalid': error ? true : undefined, 'aria-describedby': error ? `${id}-error` : undefined } as const;
  const set = (v: Json | undefined) => onChange(setAt(doc, spec.path, v));
  let input;
  switch (spec.kind.type) {
    case 'boolean':
      input = <input id={id} type="checkbox" checked={value === true} disabled={readOnly} onChange={(e) => set(e.target.checked)} {...aria} />;
      break;
    case 'enum':
      input = (
        <select id={id} value={typeof value === 'string' ? value : ''} disabled={readOnly} onChange={(e) => set(e.target.value || undefined)} {...aria}>
          <option value="">{t('policy.default')}</option>
          {spec.kind.options.map((o) => <option key={o} value={o}>{o}</option>)}
        </select>
      );
      break;
    case 'number':
      input = (
        <input
          id={id}
          type="text"
          inputMode="numeric"
          value={value === undefined || value === null ? '' : String(value)}
          readOnly={readOnly}
          placeholder={t('policy.default')}
          onChange={(e) => {
            const raw = e.target.value.trim();
            set(raw === '' ? undefined : Number.isNaN(Number(raw)) ? raw : Number(raw));
          }}
          {...aria}
        />
      );
      break;
    case 'text':
      input = <input id={id} type="text" value={typeof value === 'string' ? value : ''} readOnly={readOnly} placeholder={t('policy.default')} onChange={(e) => set(e.target.value === '' ? undefined : e.target.value)} {...aria} />;
      break;
    case 'list':
      input = (
        <textarea
          id={id}
          rows={3}
          value={Array.isArray(value) ? value.map(String).join('\n') : ''}
          readOnly={readOnly}
          onChange={(e) => {
            const items = e.target.value.split('\n');
            set(items.length === 1 && items[0] === '' ? undefined : items.map((s) => s.trim()).filter((s, i, all) => s !== '' || i === all.length - 1));
          }}
          {...aria}
        />
      );
      break;
    case 'json':
      input = <JsonField id={id} value={value} readOnly={readOnly} onChange={set} aria={aria} />;
      break;
  }
  return (
    <div className={`field${error ? ' has-error' : ''}`} data-field={spec.path}>
      <label htmlFor={id}>{label}</label>
      {input}
      {spec.kind.type === 'list' && <span className="hint">{t('policy.onePerLine')}</span>}
      {error && <p id={`${id}-error`} className="field-error">{error}</p>}
    </div>
  );
}

/** JSON editing for structured lists; text that is not JSON becomes a string value, which the schema then refuses at this field. */
function JsonField({ id, value, readOnly, onChange, aria }: { id: string; value: Json | undefined; readOnly: boolean; onChange: (v: Json | undefined) => void; aria: object }) {
  const [text, setText] = useState(() => (value === undefined ? '' : JSON.stringify(value, null, 2)));
  return (
    <textarea
      id={id}
      rows={4}
      className="mono"
      value={text}
      readOnly={readOnly}
      onChange={(e) => {
        setText(e.target.value);
        if (e.target.value.trim() === '') return onChange(undefined);
        try {
          onChange(JSON.parse(e.target.value) as Json);
        } catch {
          onChange(e.target.value);
        }
      }}
      {...aria}
    />
  );
}
