/** Socket.IO room names. Staff and public get each delta in their own projection. */
export const channels = {
  staff: (roomId: string) => `room:${roomId}:staff`,
  public: (roomId: string) => `room:${roomId}:public`,
  person: (personId: string) => `person:${personId}`,
};
