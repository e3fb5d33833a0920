variable "vpc_name" {
  description = "Name to be used on all the resources as identifier"
  type        = string
}

variable "cidr" {
  description = <<-EOT
    (Optional) The IPv4 CIDR block for the VPC.
    CIDR can be explicitly set or it can be derived from IPAM using `ipv4_netmask_length`
  EOT
  type        = string

  validation {
    condition     = can(cidrhost(var.cidr, 0))
    error_message = "The cidr must be a valid IPv4 CIDR block."
  }
}

variable "azs" {
  description = "A list of availability zones names or ids in the region"
  type        = list(string)
  default     = []
}

variable "public_subnets" {
  description = "A list of public subnets inside the VPC"
  type        = number
  default     = 0
}

variable "enable_nat_gateway" {
  description = "Should be true if you want to provision NAT Gateways for each of your private networks"
  type        = bool
  default     = true
}

variable "flow_log_settings" {
  description = "Flow log destination and format"
  type = object({
    destination_type = optional(string, "cloud-watch-logs")
    log_format       = optional(string)
    max_aggregation  = optional(number, 600)
    tags             = optional(map(string), {})
  })
  default  = {}
  nullable = false
}

variable "customer_gateways" {
  description = "Maps of Customer Gateway's attributes (BGP ASN and Gateway's Internet-routable external IP address)"
  type        = map(map(any))
  default     = {}
}

variable "vpn_gateway_psk" {
  description = "Pre-shared key of the VPN tunnels"
  type        = string
  sensitive   = true
  default     = null
}

variable "tags" {
  description = "A map of tags to add to all resources"
  type        = map(string)
  default     = {}
}

variable "secondary_cidr_blocks" {
  description = "List of secondary CIDR blocks to associate with the VPC to extend the IP Address pool"
  type        = list(string)
  default     = concat(["10.1.0.0/16"], [])
}
