/** A labelled select of the devtools toolbar: "all" (the empty value) or one of `options`. */
export interface FilterSelectProps {
  label: string
  value: string
  options: readonly string[]
  onChange: (value: string) => void
}

export function FilterSelect({ label, value, options, onChange }: FilterSelectProps) {
  return (
    <label>
      {label}{" "}
      <select value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">all</option>
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  )
}
FilterSelect.displayName = "FilterSelect"
