import type { Metadata } from "next";
import { SignupForm } from "./signup-form";

export const metadata: Metadata = {
  title: "Sign up",
  description: "Create a Berth account and start a free trial instance.",
};

export default function SignupPage() {
  return <SignupForm />;
}
