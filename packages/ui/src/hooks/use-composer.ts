import {
  type ChangeEvent,
  type CompositionEvent,
  type KeyboardEvent,
  useCallback,
  useLayoutEffect,
  useRef,
  useState,
} from "react"

/** What {@link useComposer} gives a textarea. */
export interface ComposerBindings {
  value: string
  textareaRef: React.RefObject<HTMLTextAreaElement | null>
  onChange: (event: ChangeEvent<HTMLTextAreaElement>) => void
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void
  onCompositionStart: (event: CompositionEvent<HTMLTextAreaElement>) => void
  onCompositionEnd: (event: CompositionEvent<HTMLTextAreaElement>) => void
  /** Sends the text (if `canSubmit`), clears it and puts focus back in the textarea. */
  submit: () => void
}

/**
 * The composer's behaviour: Enter sends, Shift+Enter inserts a new line, and Enter that
 * confirms an IME composition (Japanese, Chinese, Korean input) never sends; Escape calls
 * `onEscape` when given (stop the run), unless it closes an IME composition; the textarea
 * grows with its text up to its CSS `max-height`.
 */
export function useComposer(options: {
  onSubmit: (text: string) => void
  canSubmit: boolean
  /** Sends without text too (files are attached). */
  allowEmpty?: boolean | undefined
  /** Called on Escape (outside an IME composition); Escape does nothing without it. */
  onEscape?: (() => void) | undefined
}): ComposerBindings {
  const { onSubmit, canSubmit, onEscape, allowEmpty = false } = options
  const [value, setValue] = useState("")
  const textareaRef = useRef<HTMLTextAreaElement>(null)
  const composing = useRef(false)

  // biome-ignore lint/correctness/useExhaustiveDependencies: resize whenever the text changes.
  useLayoutEffect(() => {
    const textarea = textareaRef.current
    if (!textarea) return
    textarea.style.height = "auto"
    if (textarea.scrollHeight === 0) return
    // scrollHeight includes padding but not borders; the stylesheet sizes it border-box.
    const borders = textarea.offsetHeight - textarea.clientHeight
    textarea.style.height = `${textarea.scrollHeight + borders}px`
  }, [value])

  const submit = useCallback(() => {
    const text = value.trim()
    if (!canSubmit || (text === "" && !allowEmpty)) return
    onSubmit(text)
    setValue("")
    textareaRef.current?.focus()
  }, [value, canSubmit, onSubmit, allowEmpty])

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLTextAreaElement>) => {
      // keyCode 229 is what browsers report for keys that an IME is processing.
      if (composing.current || event.nativeEvent.isComposing || event.keyCode === 229) return
      if (event.key === "Escape" && onEscape) {
        event.preventDefault()
        onEscape()
        return
      }
      if (event.key !== "Enter" || event.shiftKey) return
      event.preventDefault()
      submit()
    },
    [submit, onEscape],
  )

  return {
    value,
    textareaRef,
    onChange: useCallback((event) => setValue(event.target.value), []),
    onKeyDown,
    onCompositionStart: useCallback(() => {
      composing.current = true
    }, []),
    onCompositionEnd: useCallback(() => {
      composing.current = false
    }, []),
    submit,
  }
}
