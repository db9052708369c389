import { z } from 'zod';

// Bounded so a huge "password" cannot make the hash function a denial of service.
const password = z.string().min(1).max(1024);
const refreshToken = z.string().min(1).max(512);

export const LoginSchema = z.strictObject({
  username: z.string().trim().min(1).max(200),
  password,
});
export type LoginInput = z.infer<typeof LoginSchema>;

export const RefreshSchema = z.strictObject({ refreshToken });
export type RefreshInput = z.infer<typeof RefreshSchema>;
