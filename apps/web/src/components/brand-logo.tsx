/** The portal's mark beside its name, on the sign-in card and in the sidebar. */
export function BrandLogo() {
  return (
    <span className="logo" aria-hidden>
      ◆
    </span>
  );
}
