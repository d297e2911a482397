import type { InjectionKey } from 'vue';
import type { RoomPage } from './useRoomPage.ts';

/** The room a screen follows, provided by the view and injected by its components. */
export const ROOM_PAGE: InjectionKey<RoomPage> = Symbol('room page');
