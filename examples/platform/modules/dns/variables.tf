variable "zone" {
  description = "Shared zone, e.g. internal.acme.example."
  type        = string
}

variable "records" {
  type = map(object({
    type   = string
    values = list(string)
  }))
}
