import { nextTick, ref } from 'vue';

/**
 * A button that asks before it acts (opening or closing a room, opening the hall's next session):
 * asking moves focus to the confirm button, cancelling or finishing brings it back to the one that
 * asked, so a keyboard user never loses their place. Bind `askButton` and `confirmButton` as refs.
 */
export function useConfirmStep() {
  const confirming = ref(false);
  const askButton = ref<HTMLButtonElement | null>(null);
  const confirmButton = ref<HTMLButtonElement | null>(null);

  async function ask(): Promise<void> {
    confirming.value = true;
    await nextTick();
    confirmButton.value?.focus();
  }

  /** Back to the asking button: after a cancel, or once the action was done. */
  async function close(): Promise<void> {
    confirming.value = false;
    await nextTick();
    askButton.value?.focus();
  }

  return { confirming, askButton, confirmButton, ask, cancel: close, done: close };
}
