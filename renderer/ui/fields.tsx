import {
  Controller,
  type Control,
  type ControllerRenderProps,
  type FieldPath,
  type FieldValues,
} from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { NumberInput, Select, TextInput, Textarea, type TextInputProps, type TextareaProps } from '@mantine/core';
import { emptyToNull, useFieldMessage } from './sectionParts';

/**
 * The fields of the forms, bound to react-hook-form: each shows its schema message (an i18n key,
 * `errors.*`) in the current language once touched.
 */

type Bound<Values extends FieldValues, Output> = {
  control: Control<Values, unknown, Output>;
  name: FieldPath<Values>;
};
type Unbound = 'value' | 'defaultValue' | 'onChange' | 'onBlur' | 'name' | 'error';

/** What binds a text input to its field: its value ('' when none), events, ref and message. */
function boundText<Values extends FieldValues>(
  field: ControllerRenderProps<Values, FieldPath<Values>>,
  error: string | undefined,
) {
  const { onChange, onBlur, name, ref } = field;
  return { value: typeof field.value === 'string' ? field.value : '', onChange, onBlur, name, ref, error };
}

/** One line of text (or a date: `type="date"`). */
export function TextField<Values extends FieldValues, Output = Values>({
  control,
  name,
  ...props
}: Bound<Values, Output> & Omit<TextInputProps, Unbound>) {
  const message = useFieldMessage();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <TextInput {...props} {...boundText(field, message(fieldState.error?.message))} />
      )}
    />
  );
}

/** Several lines of text. */
export function TextAreaField<Values extends FieldValues, Output = Values>({
  control,
  name,
  ...props
}: Bound<Values, Output> & Omit<TextareaProps, Unbound>) {
  const message = useFieldMessage();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <Textarea {...props} {...boundText(field, message(fieldState.error?.message))} />
      )}
    />
  );
}

/** A whole number that may be left empty: empty is "not given" (null), not zero. */
export function OptionalIntegerInput<Values extends FieldValues, Output = Values>({
  control,
  name,
  label,
  max,
  error,
}: {
  control: Control<Values, unknown, Output>;
  name: FieldPath<Values>;
  label: string;
  max: number;
  /** The message to show; the field's own (translated) when not given. */
  error?: string;
}) {
  const message = useFieldMessage();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <NumberInput
          label={label}
          min={0}
          max={max}
          allowDecimal={false}
          allowNegative={false}
          value={field.value ?? ''}
          onChange={(value) => {
            field.onChange(value === '' ? null : Number(value));
          }}
          onBlur={field.onBlur}
          name={field.name}
          ref={field.ref}
          error={error ?? message(fieldState.error?.message)}
        />
      )}
    />
  );
}

type ChoiceItem = { value: string; label: string };

/**
 * A choice among reference values, bound to a form field whose "nothing chosen" is ''. Required
 * choices cannot be cleared once made; optional ones can.
 */
export function ChoiceField<Values extends FieldValues, Output = Values>({
  control,
  name,
  label,
  data,
  error,
  isRequired = false,
  isSearchable = false,
}: {
  control: Control<Values, unknown, Output>;
  name: FieldPath<Values>;
  label: string;
  /** The choices, or groups of them (shown under their heading, in this order). */
  data: readonly ChoiceItem[] | readonly { group: string; items: readonly ChoiceItem[] }[];
  /** The message to show; the field's own (translated) when not given. */
  error?: string;
  isRequired?: boolean;
  isSearchable?: boolean;
}) {
  const { t } = useTranslation();
  const message = useFieldMessage();
  return (
    <Controller
      control={control}
      name={name}
      render={({ field, fieldState }) => (
        <Select
          label={label}
          withAsterisk={isRequired}
          placeholder={t('sections.common.choose')}
          data={data.map((entry) => ('group' in entry ? { group: entry.group, items: [...entry.items] } : entry))}
          value={emptyToNull(typeof field.value === 'string' ? field.value : '')}
          onChange={(value) => {
            field.onChange(value ?? '');
          }}
          onBlur={field.onBlur}
          name={field.name}
          ref={field.ref}
          allowDeselect={!isRequired}
          clearable={!isRequired}
          searchable={isSearchable}
          comboboxProps={{ withinPortal: true }}
          error={error ?? message(fieldState.error?.message)}
        />
      )}
    />
  );
}
