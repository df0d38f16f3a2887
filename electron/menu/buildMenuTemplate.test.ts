import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import { buildMenuTemplate } from './buildMenuTemplate';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const labels = (items: MenuItemConstructorOptions[]) => flatten(items).map((item) => item.label);
const roles = (items: MenuItemConstructorOptions[]) => flatten(items).map((item) => item.role);

describe('buildMenuTemplate', () => {
  it('is in French', () => {
    const menu = buildMenuTemplate('fr', { isDevelopment: false });
    expect(menu.map((item) => item.label)).toEqual(['Fichier', 'Édition', 'Affichage', 'Aide']);
    expect(labels(menu)).toEqual(expect.arrayContaining(['Quitter', 'Copier', 'Coller', 'À propos de Masar']));
  });

  it('is in Arabic', () => {
    const menu = buildMenuTemplate('ar', { isDevelopment: false });
    expect(menu.map((item) => item.label)).toEqual(['ملف', 'تحرير', 'عرض', 'مساعدة']);
    expect(labels(menu)).toEqual(expect.arrayContaining(['خروج', 'نسخ', 'لصق', 'حول مسار']));
  });

  it('keeps the same items, by role, in both languages', () => {
    expect(roles(buildMenuTemplate('ar', { isDevelopment: false }))).toEqual(
      roles(buildMenuTemplate('fr', { isDevelopment: false })),
    );
  });

  it('has the standard edit and zoom roles', () => {
    expect(roles(buildMenuTemplate('fr', { isDevelopment: false }))).toEqual(
      expect.arrayContaining([
        'quit',
        'undo',
        'redo',
        'cut',
        'copy',
        'paste',
        'selectAll',
        'zoomIn',
        'zoomOut',
        'about',
      ]),
    );
  });

  it('offers reload and devtools only in development', () => {
    const packaged = roles(buildMenuTemplate('fr', { isDevelopment: false }));
    expect(packaged).not.toContain('reload');
    expect(packaged).not.toContain('forceReload');
    expect(packaged).not.toContain('toggleDevTools');
    expect(roles(buildMenuTemplate('fr', { isDevelopment: true }))).toEqual(
      expect.arrayContaining(['reload', 'toggleDevTools']),
    );
  });
});
