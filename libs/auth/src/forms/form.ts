import { ValidationError, ValidationErrorDetail } from '../exceptions/validation.error';
import type { CharField, FieldSpec } from './fields';

/** Django's NON_FIELD_ERRORS key. */
export const NON_FIELD_ERRORS = '__all__';

export type FormErrors = Record<string, ValidationErrorDetail[]>;

/** A field as templates and JSON clients see it (Django's BoundField). */
export interface BoundField extends FieldSpec {
  name: string;
  /** The `id` attribute: `id_<name>` as Django's auto_id. */
  id: string;
  /** The submitted value, for redisplay (never for password inputs). */
  value: string;
  errors: string[];
}

/**
 * A small port of django.forms.Form: bound data, field cleaning in declared
 * order (with `clean<Name>` hooks), then `clean()`; errors per field and
 * under `__all__`, each a Django ValidationError detail (message + code).
 * Validation is async because the auth forms hash and query.
 */
export abstract class Form<Cleaned extends Record<string, unknown> = Record<string, string>> {
  readonly data: Record<string, unknown> | null;
  errors: FormErrors = {};
  cleanedData: Partial<Cleaned> = {};
  private validated?: Promise<boolean>;

  protected constructor(data?: Record<string, unknown> | null) {
    this.data = data ?? null;
  }

  /** The fields, in display and cleaning order. */
  protected abstract get fields(): Record<string, CharField>;

  get isBound(): boolean {
    return this.data !== null;
  }

  /** Runs the full clean once; true when bound and error-free. */
  isValid(): Promise<boolean> {
    if (!this.isBound) return Promise.resolve(false);
    this.validated ??= this.fullClean().then(() => Object.keys(this.errors).length === 0);
    return this.validated;
  }

  /** Django's add_error: drops the field from cleanedData. */
  addError(field: string | null, error: ValidationError | ValidationErrorDetail): void {
    const key = field ?? NON_FIELD_ERRORS;
    const details = error instanceof ValidationError ? error.errors : [error];
    (this.errors[key] ??= []).push(...details);
    if (field) delete (this.cleanedData as Record<string, unknown>)[field];
  }

  nonFieldErrors(): string[] {
    return (this.errors[NON_FIELD_ERRORS] ?? []).map((e) => e.message);
  }

  /** Fields for templates: label, input type, id, redisplayed value, errors. */
  get boundFields(): BoundField[] {
    return Object.entries(this.fields).map(([name, field]) => ({
      ...field.spec,
      name,
      id: `id_${name}`,
      value: field.spec.inputType === 'password' ? '' : this.rawString(name),
      errors: (this.errors[name] ?? []).map((e) => e.message),
    }));
  }

  /** `form.<name>` in templates (Django's form["name"]). */
  field(name: string): BoundField | undefined {
    return this.boundFields.find((f) => f.name === name);
  }

  /** Django's errors.get_json_data(): `{ field: [{ message, code }] }`. */
  errorsJson(): Record<string, Array<{ message: string; code: string }>> {
    return Object.fromEntries(Object.entries(this.errors).map(([k, list]) => [k, list.map(({ message, code }) => ({ message, code }))]));
  }

  /** Form-wide checks after the fields (Django's Form.clean). */
  protected async clean(): Promise<void> {}

  /** Hook after clean (Django's _post_clean: ModelForm instance validation). */
  protected async postClean(): Promise<void> {}

  private async fullClean(): Promise<void> {
    this.errors = {};
    this.cleanedData = {};
    for (const [name, field] of Object.entries(this.fields)) {
      try {
        let value: unknown = field.clean(this.data![name]);
        (this.cleanedData as Record<string, unknown>)[name] = value;
        const hook = (this as unknown as Record<string, unknown>)[`clean${name[0].toUpperCase()}${camel(name.slice(1))}`];
        if (typeof hook === 'function') {
          value = await hook.call(this);
          (this.cleanedData as Record<string, unknown>)[name] = value;
        }
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        this.addError(name, error);
      }
    }
    await this.runStep(() => this.clean());
    await this.runStep(() => this.postClean());
  }

  private async runStep(step: () => Promise<void>): Promise<void> {
    try {
      await step();
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      this.addError(null, error);
    }
  }

  private rawString(name: string): string {
    const raw = this.data?.[name];
    const last = Array.isArray(raw) ? raw[raw.length - 1] : raw;
    return typeof last === 'string' ? last : '';
  }
}

/** `old_password` → `OldPassword` for the `clean<Name>` hook. */
function camel(text: string): string {
  return text.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A validator of passwords as Django's validate_password: resolves, or throws ValidationError. */
export type PasswordValidationFn = (password: string, user?: object | null) => Promise<void>;
