variable "name" {
  description = "Name prefix for every resource."
  type        = string
}

variable "cidr" {
  description = "IPv4 CIDR block of the VPC."
  type        = string
}

variable "az_count" {
  description = "How many availability zones to spread subnets over."
  type        = number
  default     = 3
}

variable "enable_ipv6" {
  type    = bool
  default = false
}

variable "tags" {
  type    = map(string)
  default = {}
}
