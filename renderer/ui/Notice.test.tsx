import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { MantineProvider } from '@mantine/core';
import { describe, expect, it } from 'vitest';
import type { Language } from '../../shared/i18n/language';
import { createI18n } from '../i18n/i18n';
import { NoticeAlert, errorNotice, statusNotice } from './Notice';

function render(node: ReactNode, language: Language = 'fr'): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={createI18n(language)}>
      <MantineProvider>{node}</MantineProvider>
    </I18nextProvider>,
  );
}
const noop = () => undefined;

describe('NoticeAlert', () => {
  it('announces what an action did politely, without interrupting (role="status", not "alert")', () => {
    const html = render(<NoticeAlert notice={statusNotice((t) => t('sections.admission.saved'))} onClose={noop} />);
    expect(html).toContain('role="status"');
    expect(html).toContain('aria-live="polite"');
    expect(html).not.toContain('role="alert"');
    expect(html).toContain('Fermer');
  });

  it('announces a failure at once (role="alert")', () => {
    const html = render(<NoticeAlert notice={errorNotice((t) => t('sections.common.notFound'))} onClose={noop} />);
    expect(html).toContain('role="alert"');
    expect(html).not.toContain('role="status"');
  });

  it('writes the text when shown, in the language of the moment', () => {
    const notice = statusNotice((t, language) => `${t('sections.common.close')} (${language})`);
    expect(render(<NoticeAlert notice={notice} onClose={noop} />, 'fr')).toContain('Fermer (fr)');
    expect(render(<NoticeAlert notice={notice} onClose={noop} />, 'ar')).toContain('إغلاق (ar)');
  });

  it('shows nothing without a notice', () => {
    expect(render(<NoticeAlert notice={null} onClose={noop} />)).not.toContain('role=');
  });
});
