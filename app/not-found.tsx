import { ButtonLink } from "@/components/ui/button";

export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="text-2xl font-bold">Page not found</h1>
      <p className="text-slate-600">The page you asked for doesn&apos;t exist, or you don&apos;t have access to it.</p>
      <ButtonLink href="/">Back to Berth</ButtonLink>
    </main>
  );
}
