variable "name" {
  description = "Cluster name; also the prefix of its IAM roles."
  type        = string
}

variable "kubernetes_version" {
  type    = string
  default = "1.30"
}

variable "subnet_ids" {
  description = "Subnets of the control plane and nodes; empty picks the private subnets tagged for the cluster."
  type        = list(string)
  default     = []
}

variable "node_groups" {
  type = map(object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
  }))
  default = {
    default = { instance_types = ["m6i.large"], min_size = 2, max_size = 6 }
  }
}

variable "enable_irsa" {
  description = "Create the OIDC provider for IAM roles for service accounts."
  type        = bool
  default     = true
}

variable "enable_karpenter" {
  type    = bool
  default = false
}

variable "map_roles" {
  description = "IAM roles added to the aws-auth ConfigMap."
  type = list(object({
    rolearn  = string
    username = string
    groups   = list(string)
  }))
  default = []
}
