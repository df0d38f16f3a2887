import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { MantineProvider } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n';
import { FormDialogLayout, closeRequest } from './FormDialog';

describe('closing a form dialog', () => {
  it('closes a clean form at once', () => {
    expect(closeRequest({ isDirty: false, isBusy: false })).toBe('close');
  });
  it('asks before throwing away input not saved', () => {
    expect(closeRequest({ isDirty: true, isBusy: false })).toBe('ask');
  });
  it('does nothing while a save runs', () => {
    expect(closeRequest({ isDirty: true, isBusy: true })).toBe('ignore');
    expect(closeRequest({ isDirty: false, isBusy: true })).toBe('ignore');
  });
});

describe('the question', () => {
  it('is worded in both languages', () => {
    const fr = createI18n('fr');
    const ar = createI18n('ar');
    expect(fr.t('dialog.discardTitle')).toBe('Abandonner les modifications ?');
    expect(fr.t('dialog.keepEditing')).toBe('Continuer la saisie');
    for (const key of ['dialog.discardTitle', 'dialog.discardBody', 'dialog.discard', 'dialog.keepEditing'] as const)
      expect(ar.t(key)).toMatch(/[\u0600-\u06FF]/);
  });
});

describe('a form laid out outside a dialog', () => {
  it('is one column: fields, then the error, then the buttons (no scrolling area)', () => {
    const html = renderToStaticMarkup(
      <I18nextProvider i18n={createI18n('fr')}>
        <MantineProvider>
          <FormDialogLayout testId="layout" error={<p>ERROR</p>} actions={<button type="submit">SAVE</button>}>
            <input aria-label="FIELD" />
          </FormDialogLayout>
        </MantineProvider>
      </I18nextProvider>,
    );
    expect(html).not.toContain('data-form-fields');
    expect(html).toContain('data-testid="layout"');
    expect(html.indexOf('FIELD')).toBeLessThan(html.indexOf('ERROR'));
    expect(html.indexOf('ERROR')).toBeLessThan(html.indexOf('SAVE'));
  });
});
