import '@mantine/core/styles.css';
import '@fontsource/noto-sans/latin-400.css';
import '@fontsource/noto-sans/latin-600.css';
import '@fontsource/noto-sans/latin-ext-400.css';
import '@fontsource/noto-sans-arabic/arabic-400.css';
import '@fontsource/noto-sans-arabic/arabic-600.css';
import './ui/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { defaultLanguage } from '../shared/i18n/language';
import { createHost } from './host/createHost';
import { App } from './App';

// Fonts are bundled (no network): Arabic shaping must not depend on what the PC has installed.
async function boot(): Promise<void> {
  const host = createHost();
  const settings = await host['settings:get']({});
  const language = settings.ok ? settings.value.language : defaultLanguage;
  const container = document.getElementById('root');
  if (!container) throw new Error('#root missing from index.html');
  createRoot(container).render(
    <StrictMode>
      <App host={host} initialLanguage={language} />
    </StrictMode>,
  );
}

void boot();
