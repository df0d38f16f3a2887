import { useTranslation } from 'react-i18next';
import { Button, Menu } from '@mantine/core';

/** A button that saves a PDF or sends the document to a printer. */
export function PrintMenu({
  label,
  shortLabel,
  isBusy,
  onPrint,
}: {
  label: string;
  shortLabel: string;
  isBusy: boolean;
  onPrint: (action: 'save' | 'print') => void;
}) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end">
      <Menu.Target>
        <Button variant="default" size="xs" aria-label={label} loading={isBusy}>
          {shortLabel}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item
          onClick={() => {
            onPrint('save');
          }}
        >
          {t('ceremonies.printMenu.save')}
        </Menu.Item>
        <Menu.Item
          onClick={() => {
            onPrint('print');
          }}
        >
          {t('ceremonies.printMenu.print')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
