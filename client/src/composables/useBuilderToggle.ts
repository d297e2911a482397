import { nextTick, ref } from 'vue';

/**
 * A panel's "New …" button that opens its builder in place: once the builder is done (saved or
 * cancelled) the keyboard goes back to the button, so a chair building several in a row never
 * loses their place. Bind `newButton` as the button's ref.
 */
export function useBuilderToggle() {
  const building = ref(false);
  const newButton = ref<HTMLButtonElement | null>(null);

  async function finishBuilding(): Promise<void> {
    building.value = false;
    await nextTick();
    newButton.value?.focus();
  }

  return { building, newButton, finishBuilding };
}
