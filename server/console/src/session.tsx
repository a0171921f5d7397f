import { createContext, useContext } from 'react';
import type { SessionInfo } from '../../../shared/api/auth';
import type { Team } from '../../../shared/api/common';

/** The signed-in person, the teams known to the console, and sign-out. */
export interface ConsoleSession {
  info: SessionInfo;
  teams: Team[];
  reloadTeams(): void;
  signOut(): void;
}

export const SessionContext = createContext<ConsoleSession | null>(null);

/** The signed-in session (pages only render inside one). */
export function useSession(): ConsoleSession {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in console');
  return value;
}

/** A team's name for display (or the id when the team list does not hold it). */
export function teamName(teams: Team[], id: string | null, none: string): string {
  if (id === null) return none;
  return teams.find((t) => t.id === id)?.name ?? id;
}
