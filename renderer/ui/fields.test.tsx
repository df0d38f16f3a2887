import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { MantineProvider } from '@mantine/core';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n/i18n';
import { ChoiceField, TextField } from './fields';
import { useDraftForm } from './sectionParts';

const schema = z.object({ name: z.string().min(1, 'errors.required'), kind: z.string() });
type Draft = z.infer<typeof schema>;

function DraftForm({ defaults }: { defaults: Draft }) {
  const { form, onSubmit } = useDraftForm<Draft, Draft>({
    resolver: zodResolver(schema),
    defaults,
    firstField: 'name',
    save: () => Promise.resolve(true),
    onSaved: () => undefined,
  });
  return (
    <form aria-label="Draft" onSubmit={onSubmit}>
      <TextField control={form.control} name="name" label="Nom" />
      <ChoiceField
        control={form.control}
        name="kind"
        label="Genre"
        data={[
          { value: 'a', label: 'Premier' },
          { value: 'b', label: 'Second' },
        ]}
      />
    </form>
  );
}

function render(defaults: Draft): string {
  return renderToStaticMarkup(
    <I18nextProvider i18n={createI18n('fr')}>
      <MantineProvider>
        <DraftForm defaults={defaults} />
      </MantineProvider>
    </I18nextProvider>,
  );
}

describe('a draft form with bound fields', () => {
  it('opens with the draft’s values in its fields, and no message before a field is touched', () => {
    const html = render({ name: 'Atelier', kind: 'b' });
    expect(html).toContain('value="Atelier"');
    expect(html).toContain('value="Second"');
    expect(html).not.toContain('aria-invalid="true"');
  });

  it('shows an empty choice as "Choisir…", not as a value', () => {
    const html = render({ name: '', kind: '' });
    expect(html).toContain('placeholder="Choisir…"');
    expect(html).not.toContain('value="Premier"');
  });
});
