/**
 * The application menu in the user's language. Edit and zoom items use Electron's roles (native
 * behaviour, keyboard shortcuts) with our own labels, so the menu follows the language chosen in
 * Masar rather than the system's. Reload and devtools exist only in development builds.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Language } from '../../shared/i18n/language';

type MenuLabels = {
  file: string;
  quit: string;
  edit: string;
  undo: string;
  redo: string;
  cut: string;
  copy: string;
  paste: string;
  selectAll: string;
  view: string;
  reload: string;
  toggleDevTools: string;
  resetZoom: string;
  zoomIn: string;
  zoomOut: string;
  help: string;
  about: string;
};

export const menuLabels: Readonly<Record<Language, MenuLabels>> = {
  fr: {
    file: 'Fichier',
    quit: 'Quitter',
    edit: 'Édition',
    undo: 'Annuler',
    redo: 'Rétablir',
    cut: 'Couper',
    copy: 'Copier',
    paste: 'Coller',
    selectAll: 'Tout sélectionner',
    view: 'Affichage',
    reload: 'Recharger',
    toggleDevTools: 'Outils de développement',
    resetZoom: 'Taille réelle',
    zoomIn: 'Zoom avant',
    zoomOut: 'Zoom arrière',
    help: 'Aide',
    about: 'À propos de Masar',
  },
  ar: {
    file: 'ملف',
    quit: 'خروج',
    edit: 'تحرير',
    undo: 'تراجع',
    redo: 'إعادة',
    cut: 'قص',
    copy: 'نسخ',
    paste: 'لصق',
    selectAll: 'تحديد الكل',
    view: 'عرض',
    reload: 'إعادة التحميل',
    toggleDevTools: 'أدوات المطور',
    resetZoom: 'الحجم الفعلي',
    zoomIn: 'تكبير',
    zoomOut: 'تصغير',
    help: 'مساعدة',
    about: 'حول مسار',
  },
};

export function buildMenuTemplate(
  language: Language,
  options: { isDevelopment: boolean },
): MenuItemConstructorOptions[] {
  const t = menuLabels[language];
  const developmentItems: MenuItemConstructorOptions[] = options.isDevelopment
    ? [{ role: 'reload', label: t.reload }, { role: 'toggleDevTools', label: t.toggleDevTools }, { type: 'separator' }]
    : [];

  return [
    { label: t.file, submenu: [{ role: 'quit', label: t.quit }] },
    {
      label: t.edit,
      submenu: [
        { role: 'undo', label: t.undo },
        { role: 'redo', label: t.redo },
        { type: 'separator' },
        { role: 'cut', label: t.cut },
        { role: 'copy', label: t.copy },
        { role: 'paste', label: t.paste },
        { role: 'selectAll', label: t.selectAll },
      ],
    },
    {
      label: t.view,
      submenu: [
        ...developmentItems,
        { role: 'resetZoom', label: t.resetZoom },
        { role: 'zoomIn', label: t.zoomIn },
        { role: 'zoomOut', label: t.zoomOut },
      ],
    },
    { label: t.help, submenu: [{ role: 'about', label: t.about }] },
  ];
}
