import { useState } from 'react';
import { Controller, useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { Button, MultiSelect, Select, TextInput } from '@mantine/core';
import { needsCentre, type Actor } from '../../../shared/auth/authorization';
import { roleSchema } from '../../../shared/auth/roles';
import type { Centre, UserSummary } from '../../../shared/auth/schemas';
import type { HostError } from '../../../shared/result';
import { useHost } from '../../host/HostContext';
import { useLanguage } from '../../ui/useLanguage';
import { ErrorAlert } from '../../ui/Alerts';
import { FormDialogLayout, useFormDialogDirty } from '../../ui/FormDialog';
import { centreOptions, defaultCentreIds, defaultRole, orNull, roleOptions } from './adminModel';
import { userFormResolver, type UserFormInput, type UserFormOutput } from './adminSchemas';
import { callAdminRoute } from '../../api/callAdminRoute';
import { messageKey } from '../../i18n/resources';

export type UserSaved =
  { kind: 'created'; user: UserSummary; oneTimePassword: string } | { kind: 'updated'; user: UserSummary };

/**
 * *Nouvel utilisateur* (username, display name, role, centres) and *Modifier* (the same but the
 * username). Roles are those the actor may assign, centres those the actor sees. On a failed save
 * the values stay in the form (`conflict`: the username is taken).
 */
export function UserForm({
  actor,
  centres,
  user,
  onSaved,
  onCancel,
}: {
  actor: Actor;
  /** The actor's visible centres (`listCentres`). */
  centres: readonly Centre[];
  /** The user to change; absent for a new user. */
  user?: UserSummary;
  onSaved: (saved: UserSaved) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const host = useHost();
  const [saveError, setSaveError] = useState<HostError | null>(null);
  const [resolver] = useState(() => userFormResolver(user ? 'edit' : 'create'));
  const {
    register,
    control,
    handleSubmit,
    formState: { errors, isSubmitting, isDirty },
  } = useForm<UserFormInput, unknown, UserFormOutput>({
    resolver,
    defaultValues: user
      ? { username: user.username, displayName: user.displayName, role: user.role, centreIds: [...user.centreIds] }
      : { username: '', displayName: '', role: defaultRole(actor), centreIds: defaultCentreIds(centres) },
    mode: 'onTouched',
  });
  const role = orNull(useWatch({ control, name: 'role' }));
  const centresAreRequired = role === null || needsCentre(role);
  const message = (key: string | undefined) => (key ? t(messageKey(key)) : undefined);
  const formTitle = user ? t('admin.users.editTitle', { name: user.displayName }) : t('admin.users.createTitle');

  const onSubmit = async (values: UserFormOutput) => {
    setSaveError(null);
    if (user) {
      const body = { displayName: values.displayName, role: values.role, centreIds: values.centreIds };
      const result = await callAdminRoute(host, 'updateUser', { id: user.id, body });
      if (result.ok) onSaved({ kind: 'updated', user: result.value.user });
      else setSaveError(result.error);
    } else {
      const result = await callAdminRoute(host, 'createUser', { body: values });
      if (result.ok) onSaved({ kind: 'created', ...result.value });
      else setSaveError(result.error);
    }
  };

  useFormDialogDirty(isDirty);

  return (
    <form noValidate aria-label={formTitle} onSubmit={(e) => void handleSubmit(onSubmit)(e)}>
      <FormDialogLayout
        error={
          saveError && (
            <ErrorAlert
              error={saveError}
              title={t('admin.common.errorTitle')}
              // Only a new username can be taken; a conflict on a change keeps the general wording.
              conflictKey={user ? undefined : 'admin.users.form.conflict'}
            />
          )
        }
        actions={
          <>
            <Button variant="default" onClick={onCancel}>
              {t('admin.common.cancel')}
            </Button>
            <Button type="submit" loading={isSubmitting}>
              {t('admin.common.save')}
            </Button>
          </>
        }
      >
        {user ? (
          <TextInput
            label={t('admin.users.form.username')}
            description={t('admin.users.form.usernameFixed')}
            value={user.username}
            readOnly
            dir="ltr"
          />
        ) : (
          <TextInput
            label={t('admin.users.form.username')}
            description={t('admin.users.form.usernameHint')}
            withAsterisk
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            dir="ltr"
            {...register('username')}
            error={message(errors.username?.message)}
          />
        )}
        <TextInput
          label={t('admin.users.form.displayName')}
          description={t('admin.users.form.displayNameHint')}
          withAsterisk
          autoComplete="off"
          dir="auto"
          {...register('displayName')}
          error={message(errors.displayName?.message)}
        />
        <Controller
          control={control}
          name="role"
          render={({ field }) => (
            <Select
              label={t('admin.users.form.role')}
              withAsterisk
              data={roleOptions(actor, user?.role).map((r) => ({ value: r, label: t(`admin.roles.${r}`) }))}
              value={orNull(field.value)}
              onChange={(value) => {
                const parsed = roleSchema.safeParse(value);
                field.onChange(parsed.success ? parsed.data : undefined);
              }}
              onBlur={field.onBlur}
              name={field.name}
              ref={field.ref}
              allowDeselect={false}
              comboboxProps={{ withinPortal: true }}
              error={message(errors.role?.message)}
            />
          )}
        />
        <Controller
          control={control}
          name="centreIds"
          render={({ field }) => (
            <MultiSelect
              label={t('admin.users.form.centres')}
              description={
                centresAreRequired ? t('admin.users.form.centresHint') : t('admin.users.form.centresHintAdministrator')
              }
              placeholder={field.value.length === 0 ? t('admin.users.form.centresPlaceholder') : undefined}
              withAsterisk={centresAreRequired}
              data={centreOptions(centres, language, user?.centreIds)}
              value={field.value}
              onChange={field.onChange}
              onBlur={field.onBlur}
              name={field.name}
              ref={field.ref}
              searchable
              clearable
              comboboxProps={{ withinPortal: true }}
              error={message(errors.centreIds?.message)}
            />
          )}
        />
      </FormDialogLayout>
    </form>
  );
}
